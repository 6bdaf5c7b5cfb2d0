"""What Northwind says to the whole company, and how colleagues answer.

ORG_POSTS are hand-written (kind, author, text) like group_posts.GROUP_POSTS. KUDOS,
WELCOMES and ALL_HANDS are pieces steps.py puts together into more posts. COMMENTS holds
replies by the kind of post they fit (a: announcement, q: question, s: social, u: update);
`{author}` becomes the post author's username. REPLIES are the author answering a comment.
"""

# fmt: off
ORG_POSTS: list[tuple[str, str | None, str]] = [
    ("a", "ingrid", "**Welcome to Townhall, everyone!** This is our place for news, "
     "questions and conversations across offices. Say hi below 👋 #townhall"),
    ("a", "ingrid", "Q3 in short: revenue up 18%, two new countries, 9 new colleagues. Thank "
     "you all. Full numbers at Thursday's #allhands."),
    ("a", "amara", "**All-hands this Thursday** at 14:00 CET in Oslo and on video.\n\n"
     "- Q3 results\n- Product launch preview\n- Your questions\n\nSubmit questions "
     "in advance via [the form](https://forms.northwind.example/allhands). #allhands"),
    ("a", "thandiwe", "Our new **parental leave policy** is live: 16 weeks fully paid for "
     "every parent, in every country. Details in the handbook. #benefits"),
    ("q", "jonas", "Does anyone have a good template for a customer workshop agenda?"),
    ("a", "hakon", "We are hiring 5 engineers this autumn. Know someone great? Refer them "
     "to @rasmus, the referral bonus just doubled. #hiring"),
    ("s", "linnea", "Fredagskaffe i Stockholm i dag: kanelbullar och pepparkakor. #fika "
     "#kaffe"),
    ("a", "ada", "Password manager rollout: everyone gets an invite this week. Guide: "
     "[how to get started](https://wiki.northwind.example/it/passwords). #security"),
    ("q", "camille", "Which train route do people take between Oslo and Stockholm? Direct "
     "or via Karlstad? #sustainability"),
    ("a", "randi", "Husk: kontorene er stengt mellom jul og nyttår. God planlegging! #ferie"),
    ("s", "maja", "What's the best thing that happened at work this week? I'll start: the "
     "Bergen waffles were back. #goodnews"),
    ("a", "gunnar", "Expense reports for this month are due Friday. Please attach "
     "receipts, @astrid thanks you in advance. #expenses"),
    ("q", "sofia", "Looking for 5 volunteers for a 20-minute usability test of our new "
     "onboarding. Coffee and cake as thanks! #ux"),
    ("u", "priya", "Platform reliability last month: **99.98%** uptime, one incident, "
     "zero data loss. #reliability"),
    ("a", "zoe", "Leadership programme applications are open until the 15th. Six spots "
     "this round. #learning"),
    ("s", "kenji", "Sunrise in Tokyo, sunset in Oslo, same meeting. Remote life. 🌅"),
    ("a", "chidi", "**Phishing alert**: mails claiming to be from 'Northwind Payroll' are "
     "fake. Don't click, report them with the button in Outlook. #security"),
    ("q", "aisha", "What podcasts do you listen to on your commute? Need new ones."),
    ("a", "mohammed", "Kaffemaskinene i Oslo tar nå betaling med appen, ikke kort. "
     "#kaffe"),
    ("s", "oliver", "Customer quote of the week: 'Your support team answers faster than "
     "my own colleagues.' Thanks support! #customers"),
    ("a", "emma", "Sneak peek: the new dashboard ships next month. Beta testers wanted, "
     "comment below. #Launch"),
    ("q", "tobias", "Is there a company Strava club? If not, I'm starting one. #running"),
    ("u", "sindre", "The new sales dashboard is live. Numbers refresh every hour now, not "
     "every night. #data"),
    ("a", "maja", "Townhall community guidelines in one line: **be kind, be useful, be "
     "yourself**. Full version in the help group. #townhall"),
    ("s", "elodie", "Bonne nouvelle: our first French-speaking customer webinar had "
     "120 attendees! #customers"),
    ("q", "hanna", "Reminder and question: has everyone in Sweden updated their tax "
     "table? Ask me if unsure. #payroll"),
    ("a", "rasmus", "Referral bonus doubled until the end of the year. Open roles on the "
     "careers page. #hiring"),
    ("s", "eirik", "New hoodies have arrived in Bergen! Sizes S-XXL, first come first "
     "served. #swag"),
    ("a", "ingrid", "Ti år som administrerende direktør i dag. Takk for tilliten, og takk "
     "for at dere gjør Northwind til et fint sted å jobbe."),
    ("q", "noor", "Do we have a Linux-friendly video conferencing setup? Asking for a "
     "demo on Thursday."),
    ("u", "fatima", "Bug bash results: 41 bugs found, 35 fixed already. Winner: "
     "@tobias with 9. 🏆 #quality"),
    ("a", "amara", "New format for the company newsletter: shorter, weekly, and here on "
     "Townhall. Follow #newsletter to get it in your feed."),
    ("u", "amara", "**Newsletter #1**\n\n- Launch preview next week\n- Bergen office "
     "turns 5\n- Welcome to 3 new colleagues\n\n#newsletter"),
    ("u", "amara", "**Newsletter #2**\n\n- Q3 results recap\n- Running club's relay team\n"
     "- New parental leave policy\n\n#newsletter"),
    ("u", "amara", "**Newsletter #3**\n\n- Security week\n- Sustainability numbers\n"
     "- Book club picks\n\n#newsletter"),
    ("s", "bjorn", "Gratulerer til alle som fullførte førstehjelpskurset i Bergen i dag! "
     "#helse"),
    ("q", "astrid", "Hvem har lånt hulleren fra økonomi? 😄"),
    ("a", "wei", "Laptop refresh: if your laptop is older than 4 years, book a swap here: "
     "[IT portal](https://it.northwind.example). #IT"),
    ("s", "sigrid", "Great lunch with the Nordics team today. Best sales team in the "
     "world, no bias. #teamwork"),
    ("q", "leila", "Would people like a short intro to reading our financial statements? "
     "Thinking 30 minutes, open to all. #finance"),
    ("a", "thandiwe", "Mental health day on the 10th: no internal meetings, go outside. "
     "#wellbeing"),
    ("s", "ase", "PSA: our website now scores 100 on accessibility. Proud of this one. "
     "#accessibility"),
    ("u", "orjan", "OKR check-in: 7 of 10 company key results on track. Details at the "
     "all-hands. #OKR"),
    ("q", "lars-erik", "Any golfers here? Thinking of a customer golf day in spring."),
    ("a", "ada", "Townhall tip: type `#` to tag a topic and `@` to mention someone. "
     "Mentioned people get a heads-up. #townhall"),
    ("s", "mateus", "Just got my 1,000th merged pull request. Cake is on me (remotely). "
     "#milestone"),
    ("a", "hakon", "Engineering blog is back! First post: how we cut our deploy time in "
     "half. [Read it](https://blog.northwind.example/deploys). #engineering"),
    ("q", "daniel", "What is everyone's favourite spreadsheet trick? Mine: Ctrl+; for "
     "today's date."),
    ("s", "tuva", "Regn i Bergen, sol i Oslo. Som vanlig. ☔️☀️ #vær"),
    ("a", "marcus", "Sales kickoff in Stockholm on the 20th. Everyone in sales, please "
     "book travel by Friday. #sales"),
    ("q", "zoe", "What's one skill you'd like to learn next year? Planning next year's "
     "training budget. #learning"),
    ("s", "randi", "Proud of the Operations team: new office in Bergen ready two weeks "
     "early. #teamwork"),
    ("a", "maja", "Fotball-VM: vi viser kampene i kantina i Oslo. Ta med venner! #fotball"),
    ("s", "jonas", "Brann won again. Bergen is unbearable today, sorry in advance. "
     "#fotball"),
    ("q", "ingrid", "Ask me anything, Friday 11:00. Post your questions here in advance. "
     "#AMA"),
]

KUDOS_DEEDS = [
    "staying late to get the customer demo working",
    "the clearest onboarding guide I have ever read",
    "covering my on-call shift at short notice",
    "turning a messy spreadsheet into a lovely dashboard",
    "running the Bergen waffle Friday for the 100th time",
    "answering every question in #townhall this week",
    "the calm handling of Tuesday's outage",
    "finding that nasty bug before the release",
    "organising the best team lunch of the year",
    "helping me prepare for the board presentation",
    "an amazing first month on the team",
    "making the all-hands slides actually readable",
    "fixing the Wi-Fi in the big meeting room at last",
    "mentoring three new colleagues at once",
    "closing the books a day early",
    "a brilliant customer workshop in Gothenburg",
    "translating the handbook into Norwegian",
    "the patience with my many Excel questions",
    "keeping the plants in the office alive 🌱",
    "making the security training fun (yes, really)",
]
KUDOS_OPENINGS = [
    "Big thanks to @{person} for {deed}! #kudos",
    "Shout-out to @{person} for {deed}. 🙌 #kudos",
    "Kudos to @{person}: {deed}. You're a star. #Kudos",
    "Tusen takk til @{person} for {deed}! #kudos",
]

WELCOMES = [
    ("rasmus", "our new Backend Engineer joining the Platform team in Oslo"),
    ("rasmus", "a new Account Executive for the Stockholm sales team"),
    ("thandiwe", "our new Payroll Assistant, starting Monday in Stockholm"),
    ("rasmus", "two summer interns joining Engineering in Bergen"),
    ("tuva", "the new office dog in Bergen, Luna 🐶 (visits on Fridays)"),
    ("rasmus", "a new Designer joining the product team, remote from Lisbon"),
]
WELCOME_TEXT = "Please welcome {who}! Say hello when you see them. #welcome #onboarding"

ALL_HANDS = [
    "Recap of today's #allhands:\n\n- {a}\n- {b}\n- {c}\n\nRecording in the usual place.",
    "**All-hands recap**\n\n1. {a}\n2. {b}\n3. {c}\n\nThanks for all the questions! "
    "#allhands",
]
ALL_HANDS_POINTS = [
    "revenue ahead of plan", "two new customers in France", "the launch date is set",
    "new parental leave policy", "Bergen office expansion", "security week results",
    "hiring plan for next quarter", "engagement survey results", "sustainability goals",
    "the new travel policy", "OKR check-in", "customer satisfaction at 4.6 of 5",
]

COMMENTS: dict[str, list[str]] = {
    "a": [
        "Great news, thanks for sharing!", "This is brilliant. 🎉", "Finally! 🙌",
        "Thanks @{author}, very clear.", "Will this be in the recording as well?",
        "Is there a link to the details?", "Love this.", "Adding it to my calendar now.",
        "Does this apply to the London office too?", "Supert, takk!",
        "Well done everyone involved.", "Looking forward to it!",
        "Could we get the slides afterwards?", "Nice work, @{author}.",
        "Dette var gode nyheter.", "Count me in.",
    ],
    "q": [
        "Good question, I've wondered the same.", "Ask @ada, she knows this one.",
        "We had the same problem last year. Happy to show you what we did.",
        "I think there is a page about this on the wiki, I'll find it.",
        "Following, I'd like to know too.", "Short answer: yes. Long answer over coffee?",
        "It depends, but I'd start small and see.", "I'll DM you a template.",
        "Godt spørsmål! Jeg lurer på det samme.",
        "In Stockholm we do it a bit differently, happy to compare notes.",
        "**Yes**, and it was easier than I expected.", "Let's take it to the next sync?",
        "I have a strong opinion on this, but I'll let others go first 😄",
    ],
    "s": [
        "Haha, love it 😂", "So jealous right now.", "Next time I'm in!", "This made my day.",
        "Photos or it didn't happen!", "Ha ha, typisk!", "Amazing 😍", "Count me in next time.",
        "Who's bringing snacks?", "Best post of the week.", "Ikke misunnelig i det hele tatt. 😅",
    ],
    "u": [
        "Great progress!", "Nice, thanks for the update.", "Impressive numbers.",
        "What was the hardest part?", "Well done team 👏", "Good to see this moving.",
        "Can we reuse this for our team?", "Bra jobba!", "Thanks for keeping us posted.",
        "Any blockers we can help with?", "This helps a lot on our side, thanks @{author}.",
    ],
}
REPLIES = [
    "Thanks!", "Good point, I'll check.", "Yes, exactly.", "I'll share the link shortly.",
    "Takk! 😊", "Let's talk tomorrow.", "Ha, fair enough.", "Added to the notes.",
    "Noted, thank you.", "Great idea, let's do that.",
]

# Reaction kinds each post kind attracts most (every kind shows up somewhere).
REACTIONS = {
    "a": ["like", "like", "celebrate", "celebrate", "insightful", "support"],
    "q": ["like", "insightful", "support", "support", "funny"],
    "s": ["like", "funny", "funny", "celebrate", "support"],
    "u": ["like", "insightful", "celebrate", "support"],
}
# fmt: on
