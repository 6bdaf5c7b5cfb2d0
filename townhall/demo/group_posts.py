"""What Northwind's groups talk about: hand-written posts per group.

Each post: (kind, author, text). `kind` picks the comments and reactions it draws
(a: announcement, q: question, s: social, u: update); `author` is a member's username, or
None for "any member". The first post of a group listed in PINNED is pinned there.
WINDOWS says how many days ago a group's posts fall, when it is not the default (the last
four months). Weekly team updates (TEAM_UPDATES) are put together from their pieces.
"""

# fmt: off
GROUP_POSTS: dict[str, list[tuple[str, str | None, str]]] = {
    "Engineering guild": [
        ("a", "hakon", "**Welcome to the Engineering guild!** Tech talks are every other "
         "Thursday at 15:00 CET. Want to give one? Add yourself to the "
         "[talk schedule](https://wiki.northwind.example/eng/talks) #techtalk"),
        ("a", "priya", "Thursday's #techtalk: @kenji on *what our pager taught us this "
         "year*. Bring questions, snacks provided in Oslo and London."),
        ("q", "mateus", "Anyone tried the new PostgreSQL 18 async I/O in anger? Thinking "
         "about it for the reporting replica. #postgres"),
        ("u", "ase", "We now run axe on every page in CI. Found 14 missing labels on day one, "
         "all fixed. Accessibility is everyone's job! #accessibility"),
        ("s", "tobias", "Friday demo: the app now works offline on the ferry. Thanks "
         "@fatima for breaking it 40 times first."),
        ("q", "sindre", "How do other teams document their data contracts? Looking for a "
         "format that people actually keep up to date."),
        ("a", "chidi", "Reminder: **no secrets in code, tickets or chat**. Use the vault; "
         "ping me if you are unsure how. #security"),
        ("u", "emma", "Design system v2 is live:\n\n- new form fields\n- dark mode tokens\n"
         "- accessible colour pairs\n\nShout-out to @sofia and @ase! #designsystem"),
        ("q", "fatima", "Playwright or Cypress for the new admin pages? I have opinions but "
         "want yours first."),
        ("s", "kenji", "Took the night shift off my calendar for the first time in a month. "
         "Boring deploys are the best deploys."),
    ],
    "Oslo office": [
        ("a", "mohammed", "**Oslo office basics**\n\n1. Book desks in the app\n2. Guests "
         "sign in at reception\n3. The 4th floor quiet room is for calls\n\nQuestions: ask "
         "me or @ada."),
        ("a", "mohammed", "Frokost fredag kl. 08:30 i kantina. Rundstykker, egg og kaffe. "
         "Velkommen! #frokost"),
        ("u", "ada", "The meeting room screens on the 3rd floor are fixed: you can share "
         "from any laptop again. #møte"),
        ("q", "sindre", "Noen som vet hvorfor kaffemaskinen i 4. etasje piper hele tiden? "
         "#kaffe"),
        ("s", "sigrid", "Who's up for a lunch walk to Akerselva tomorrow? Leaving 11:45."),
        ("a", "mohammed", "The heating is being serviced on Wednesday. Bring a sweater, it "
         "will be chilly until noon."),
        ("s", "astrid", "Kake i kantina! Det er Gunnars bursdag i dag 🎂"),
    ],
    "Bergen office": [
        ("a", "tuva", "Waffles at 14:00 on Friday as always. This week with brunost and "
         "jam. #vafler"),
        ("s", "jonas", "It rained for 23 days in a row. New office record? ☔"),
        ("q", "ase", "Anyone know a good bike repair shop near Bryggen?"),
        ("a", "tuva", "Visitors from Vestfjord Energi on Tuesday, 10:00-12:00. Please keep the big "
         "meeting room free. #møte"),
        ("u", "eirik", "New monitors arrived. Pick one up from the storage room today."),
    ],
    "Stockholm office": [
        ("a", "linnea", "Fika at 15:00 sharp. Today: kanelbullar from Vete-Katten. #fika"),
        ("q", "tobias", "Who took the good HDMI adapter from room Vasa? No judgement, just "
         "bring it back please 🙏"),
        ("s", "sofia", "Sunset from the roof terrace today was unreal. Worth the stairs."),
        ("a", "wei", "Wi-Fi maintenance Saturday 09:00-11:00. Nothing needed from you."),
        ("s", "hanna", "Lucia procession at the office on the 13th? I'll bring saffron buns."),
    ],
    "London office": [
        ("a", "amara", "Pub quiz on Thursday at The Old Blue Last, 18:30. Teams of four, "
         "sign up here by Wednesday."),
        ("u", "oliver", "The fire drill is at 11:00 tomorrow. Please leave via the stairs, "
         "not the lift."),
        ("q", "aisha", "Any tips for a quiet place to take customer calls? The phone booths "
         "are always full."),
        ("s", "chidi", "Someone left a very nice umbrella in meeting room 2. Claim it before "
         "it becomes mine."),
        ("a", "leila", "Reminder: the office is closed on the bank holiday Monday."),
    ],
    "Remote crew": [
        ("a", "zoe", "Virtual coffee roulette starts Monday: you get paired with someone "
         "new every two weeks. Opt out any time. #kaffe"),
        ("q", "kenji", "How do you all handle the meeting pile-up when Oslo's afternoon is "
         "my evening? Looking for tricks."),
        ("s", "mateus", "My desk today: a café in Vila Madalena with excellent Wi-Fi."),
        ("u", "daniel", "Tip: set your working hours in your profile, Townhall shows your "
         "local time to colleagues. #townhall"),
        ("q", "camille", "Co-working budget: does it cover a monthly pass or only day "
         "passes?"),
    ],
    "Running club": [
        ("a", "tobias", "**Welcome runners!** Lunch runs Tuesdays and Thursdays from every "
         "office. Post your route, find a buddy. #running"),
        ("s", "sindre", "Sognsvann round in 24:10, new personal best! Who joins next week?"),
        ("a", "tobias", "Holmenkollstafetten: we have two teams of 15. Sign-up closes "
         "Friday. #Running"),
        ("s", "elodie", "Ran along the Thames at sunrise. London can be pretty."),
        ("q", "hanna", "Good winter running shoes for icy Stockholm pavements?"),
        ("s", "ingrid", "Finished my first half marathon! Slow but happy. Thanks for the "
         "training plan @sindre 🙌"),
    ],
    "Coffee lovers": [
        ("q", "mateus", "V60 or AeroPress for the office? Defend your answer. #kaffe"),
        ("s", "tuva", "Bergen has the best coffee. I will not be taking questions. #kaffe"),
        ("u", "wei", "The Stockholm grinder is fixed. It was a coffee bean stuck sideways, "
         "no joke."),
        ("s", "noor", "Cardamom coffee from home this week, come and try it at the next "
         "virtual coffee. #Kaffe"),
        ("q", "kenji", "Anyone ordered from Tim Wendelboe? Worth the hype?"),
    ],
    "Book club": [
        ("a", "zoe", "This month: *The Overstory* by Richard Powers. Lunch discussion on "
         "the last Thursday. #books"),
        ("q", "amara", "Suggestions for next month? Something shorter please, it's "
         "budget season!"),
        ("s", "orjan", "Finished *Project Hail Mary* on the train. Best book I've read "
         "this year. #bøker"),
        ("s", "leila", "Our little library shelf in London now has 40 books. Take one, "
         "leave one."),
    ],
    "Townhall tips & help": [
        ("a", "ada", "**Start here: 5 things to try in Townhall**\n\n1. Fill in your "
         "profile and expertise\n2. Follow colleagues and #topics\n3. Join a few groups\n"
         "4. Use @mentions to loop people in\n5. React instead of writing 'thanks!' 🙂\n\n"
         "Questions? Ask right here. #townhall"),
        ("q", "jonas", "How do I stop seeing posts from a group I'm in without leaving "
         "it?"),
        ("u", "maja", "Community guidelines are now linked in the footer. Short version: be "
         "kind, be clear, assume good intent. #townhall"),
        ("q", "camille", "Can I edit a post after I published it? Found a typo in my "
         "announcement 😅"),
        ("a", "ada", "New: mute a person, group or `#topic` from your home feed. It only "
         "affects you. #Townhall"),
        ("q", "astrid", "Hvordan skriver jeg fet tekst i et innlegg? #townhall"),
        ("u", "maja", "Tip: secret groups never show up in search or lists. If you need "
         "one, create it and invite people directly."),
    ],
    "Sustainability at Northwind": [
        ("a", "camille", "Our travel policy now prefers trains for trips under 6 hours. "
         "Oslo-Stockholm by train is lovely. #sustainability"),
        ("u", "eirik", "Swag update: no more plastic bottles. Steel ones from a Norwegian "
         "supplier arrive next month."),
        ("q", "sofia", "Could we add a food waste bin in the Stockholm kitchen?"),
        ("u", "camille", "Q3 numbers: office electricity down 12%, mostly thanks to the "
         "new lights in Oslo. #sustainability"),
    ],
    "Customer stories": [
        ("a", "oliver", "**Share your customer wins here.** A quote, a screenshot, a "
         "lesson learned. #customers"),
        ("s", "jonas", "Nordlys Kraft went live across 3,000 users last week. Their HR team "
         "said onboarding was 'the smoothest ever'. #customers"),
        ("u", "noor", "Demo tip: customers love seeing their own logo in the first "
         "minute. Ask for it before the call."),
        ("s", "elodie", "Our first customer in Lyon signed today! Merci à tous. #customers"),
        ("q", "aisha", "What is the one question prospects ask that we don't answer well "
         "yet?"),
    ],
    "Product launch Q1": [
        ("a", "emma", "**Launch plan, version 1**\n\n- Scope freeze: in 6 weeks\n- Beta "
         "with 5 customers\n- Launch event in Oslo\n\nComments welcome. #Launch"),
        ("u", "sofia", "Final designs for the onboarding flow are in Figma. @ase @tobias "
         "ready for review. #launch"),
        ("q", "marcus", "Can we get a one-page summary for the sales kickoff? @amara "
         "#launch"),
        ("u", "fatima", "Regression suite green on all browsers. Two known issues, both "
         "minor. #launch"),
        ("a", "amara", "Draft press release in the shared folder. Please no leaks, even "
         "to friends! #LAUNCH"),
        ("u", "noor", "Beta customers onboarded: 4 of 5. Last one next Tuesday."),
    ],
    "Platform team": [
        ("u", "kenji", "Postmortem for Tuesday's 9-minute API slowdown is up. Root cause: "
         "a missing index. #incident #postgres"),
        ("a", "priya", "We move to the new Kubernetes cluster on the 3rd. Freeze from "
         "Friday afternoon."),
        ("q", "chidi", "Should the new service accounts use short-lived tokens by "
         "default? I vote yes. #security"),
        ("u", "sindre", "Nightly export jobs now finish in 11 minutes instead of 48."),
    ],
    "Product team": [
        ("u", "ase", "Keyboard navigation in the editor is done. Try it with Tab only!"),
        ("q", "tobias", "Do we support Android 11 for the next release or drop it?"),
        ("a", "emma", "Discovery interviews next week: 6 customers, 2 slots left to "
         "observe."),
    ],
    "Sales Nordics": [
        ("a", "sigrid", "Tender from Helse Fjord published today. Deadline in 5 weeks; "
         "@noor can you own the technical answers?"),
        ("u", "lars-erik", "Renewal with Fossekall Energi signed, 3 years. 🎉"),
        ("q", "jonas", "Anyone have a reference customer in shipping we can call?"),
    ],
    "Sales UK & France": [
        ("u", "elodie", "Pipeline in France doubled this quarter. Paris trip next month."),
        ("q", "aisha", "Best subject line you have used for a cold email this year?"),
        ("a", "marcus", "Deal desk moves to Wednesdays at 10:00 UK time."),
    ],
    "Incident response": [
        ("a", "kenji", "**On-call hand-over checklist** is pinned in the runbook. Read it "
         "before your first shift. #incident"),
        ("u", "priya", "Incident review from last week: login delays for 14 minutes, "
         "fixed by rolling back the session store change."),
        ("q", "wei", "Should IT support be paged for VPN outages, or just get a ticket?"),
    ],
    "Finance team": [
        ("a", "gunnar", "Month-end close: please submit accruals by the 3rd working day."),
        ("u", "astrid", "Expenses without receipts are down 40%. Thank you all! #expenses"),
        ("q", "hanna", "Do we pay holiday pay in June for the Swedish team as well?"),
    ],
    "People & Culture team": [
        ("a", "thandiwe", "Engagement survey goes out Monday. Aim: 80% response rate."),
        ("u", "rasmus", "7 offers accepted this month, 3 of them in engineering. #hiring"),
        ("q", "bjorn", "Parental leave policy draft is ready for a second pair of eyes."),
    ],
    "Operations team": [
        ("a", "randi", "Weekly ops sync moves to Mondays 09:30. Short, standing, no slides."),
        ("u", "ada", "Single sign-on now covers 14 of our 16 tools. The last two are "
         "next month. #sso"),
        ("q", "mohammed", "Quotes for new office chairs: go for the cheaper or the better "
         "warranty?"),
    ],
    "Mentoring programme 2026": [
        ("a", "zoe", "Welcome to this year's cohort! Pairs are in your inbox. First "
         "session within two weeks. #mentoring"),
        ("s", "aisha", "My mentor @marcus made me rewrite my pitch 6 times. Best feedback "
         "ever."),
        ("q", "eirik", "What do you all talk about in sessions? We ran out of topics."),
    ],
    "Summer party 2026": [
        ("a", "tuva", "**Summer party**: Bygdøy, boats from Aker Brygge at 16:00. Bring "
         "sunscreen! 🌞"),
        ("q", "linnea", "Vegetarian and allergy needs by Friday, please."),
        ("s", "rasmus", "Best party yet. Who has the photos from the boat?"),
        ("a", "tuva", "Thank you all! Archiving this group now, see you at julebord. 🎉"),
    ],
    "Security champions": [
        ("a", "chidi", "Phishing drill next week. Don't tell the others. 🎣 #security"),
        ("u", "ase", "Added CSP reporting to the frontend. Zero violations so far."),
        ("q", "mateus", "Threat model template: markdown in the repo, or a doc?"),
    ],
    "Board prep": [
        ("a", "ingrid", "**Board meeting agenda draft**\n\n1. Q3 results\n2. 2027 "
         "strategy\n3. Project Fjord update\n\nComments by Friday please."),
        ("u", "gunnar", "Q3 financials for the board deck are final."),
        ("q", "orjan", "Do we present the hiring plan or only the headcount numbers?"),
    ],
    "Salary review 2026": [
        ("a", "thandiwe", "Timeline: market data in week 2, proposals week 4, letters "
         "week 7. Nothing leaves this group."),
        ("u", "hanna", "Payroll can apply new salaries from the 1st of any month."),
        ("q", "leila", "What budget increase should we model: 3.5% or 4%?"),
    ],
    "Leadership team": [
        ("a", "ingrid", "Offsite in Bergen on the 14th-15th. Agenda: priorities for next "
         "year, and how we work together."),
        ("u", "randi", "Office lease in Oslo renewed for 5 years, 6% below asking."),
        ("q", "amara", "How openly do we talk about Project Fjord at the all-hands?"),
    ],
    "Project Fjord": [
        ("a", "gunnar", "Data room access is live. Everything here is under NDA."),
        ("u", "daniel", "Valuation model v3 is in the data room."),
        ("q", "hakon", "Can we get a technical session with their CTO before the LOI?"),
    ],
    "Sales reorganisation": [
        ("a", "marcus", "Proposal: split the Nordics team into public sector and private "
         "sector. Feedback before Friday."),
        ("q", "bjorn", "Do any contracts change with the new structure?"),
        ("u", "thandiwe", "Communication plan drafted. Announcement only after the board."),
    ],
    "Hiring: VP Marketing": [
        ("u", "rasmus", "Shortlist: 4 candidates. Interviews next week."),
        ("q", "amara", "Can I join the second round with candidate B?"),
        ("a", "ingrid", "Final round with two candidates on Thursday."),
    ],
    "Security incidents": [
        ("u", "chidi", "Reported phishing mail from 'IT support' blocked for all "
         "mailboxes. 3 people clicked, passwords reset."),
        ("a", "kenji", "Access logs for the last 30 days are preserved for the review."),
        ("q", "ada", "Should we force re-login for everyone after the SSO change?"),
    ],
    "Audit 2026": [
        ("a", "leila", "Auditors on site in Oslo from Monday. Meeting room Nordkapp is "
         "theirs."),
        ("u", "astrid", "All supplier contracts uploaded for the sample."),
        ("q", "daniel", "Do they need the forecast model or just the budget?"),
    ],
    "Budget 2027": [
        ("a", "daniel", "Budget template for 2027 is ready. Department numbers due in "
         "three weeks."),
        ("q", "hakon", "Do we budget the new hires from January or April?"),
        ("u", "gunnar", "Revenue target proposal: +22%. Let's discuss Thursday."),
    ],
    "Employee relations": [
        ("u", "bjorn", "Case 14 is closed, both parties are happy with the outcome."),
        ("q", "maja", "A community post was reported twice. Can we talk before I act?"),
        ("a", "thandiwe", "Reminder: case notes stay in this group, never in email."),
    ],
    "Townhall admins": [
        ("a", "ada", "Upgrade to the new Townhall version on Saturday at 08:00. Expect "
         "5 minutes of downtime."),
        ("q", "maja", "Should moderators be able to move posts between groups?"),
        ("u", "wei", "Backups restored fine in the monthly test. 4 minutes. #backup"),
    ],
    "Surprise party for Ingrid": [
        ("a", "linnea", "**Ten years as CEO!** Party in the Oslo canteen, Friday at 15:00. "
         "Ingrid thinks it is a budget meeting. 🤫"),
        ("q", "amara", "Who writes the card? I can collect messages from London."),
        ("s", "tuva", "Cake ordered from Bergen. Yes, it travels well. 🎂"),
        ("u", "hakon", "Slideshow of old photos is ready. Some are VERY nineties."),
    ],
}
# fmt: on

PINNED = [
    "Engineering guild",
    "Oslo office",
    "Running club",
    "Townhall tips & help",
    "Customer stories",
    "Product launch Q1",
    "Incident response",
    "Board prep",
]

# Days ago (from, to) a group's posts fall in, where not the last ~four months.
WINDOWS = {
    "Summer party 2026": (100, 125),
    "Product launch Q1": (0, 60),
    "Surprise party for Ingrid": (0, 14),
}

# Weekly team updates: (group, [things done], [things next]); steps.py composes a few
# posts per group from these, so a team's room has a steady rhythm.
TEAM_UPDATES = [
    (
        "Platform team",
        [
            "upgraded PostgreSQL on staging",
            "cut CI time by 4 minutes",
            "rotated the database credentials",
            "added alerts for disk usage",
            "moved log shipping to the new cluster",
        ],
        ["load test the search service", "retire the old VPN", "document the restore drill"],
    ),
    (
        "Product team",
        [
            "shipped the new composer",
            "ran 5 usability sessions",
            "fixed the date picker on iOS",
            "closed 23 bugs",
        ],
        ["start the notifications design", "beta of offline mode", "accessibility audit"],
    ),
    (
        "Sales Nordics",
        [
            "3 new meetings in Finland",
            "won the Bergen kommune pilot",
            "sent the Helse Fjord answers",
        ],
        ["prepare the Q4 forecast", "customer dinner in Oslo", "renewals in Sweden"],
    ),
    (
        "Finance team",
        [
            "closed the month on day 4",
            "paid all supplier invoices on time",
            "updated the travel expense rates",
        ],
        ["audit sample requests", "budget template out", "VAT return"],
    ),
    (
        "People & Culture team",
        ["onboarded 6 new colleagues", "updated the handbook", "ran the manager training"],
        ["engagement survey results", "job fair in Bergen", "pension info sessions"],
    ),
    (
        "Operations team",
        [
            "replaced 12 laptops",
            "signed the new cleaning contract",
            "finished the Bergen fire inspection",
        ],
        ["move the Oslo storage room", "printer contract renewal", "inventory count"],
    ),
]
