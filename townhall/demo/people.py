"""The people of Northwind, the demo organisation: who they are and who reports to whom.

Each row: username, display name, job title, department, manager's username (None for the
CEO), location, role, pronouns, language, expertise tags, a short bio. Email addresses are
`<username>@northwind.example`. Phones and time zones follow from the row (see load.py).
"""

from dataclasses import dataclass, field

DOMAIN = "northwind.example"
SITE_NAME = "Northwind Townhall"

DEPARTMENTS = [
    "Leadership",
    "Engineering",
    "Sales",
    "Operations",
    "People & Culture",
    "Finance",
]

# Where "Remote" people actually are, for their time zone.
REMOTE_TIME_ZONES = {
    "mateus": "America/Sao_Paulo",
    "kenji": "Asia/Tokyo",
    "noor": "Asia/Dubai",
    "camille": "Europe/Paris",
    "zoe": "Europe/Dublin",
    "daniel": "Europe/Warsaw",
}
OFFICE_TIME_ZONES = {
    "Oslo": "Europe/Oslo",
    "Bergen": "Europe/Oslo",
    "Stockholm": "Europe/Stockholm",
    "London": "Europe/London",
}


@dataclass(frozen=True)
class Person:
    username: str
    name: str
    title: str
    department: str
    manager: str | None
    location: str
    role: str = "member"
    pronouns: str = ""
    language: str = ""
    expertise: list[str] = field(default_factory=list)
    bio: str = ""


P = Person
# fmt: off
PEOPLE = [
    # Leadership
    P("ingrid", "Ingrid Solberg", "Chief Executive Officer", "Leadership", None, "Oslo",
      "leader", "she/her", "nb", ["strategy", "public speaking", "sailing"],
      "Joined as employee number four. Ask me anything, I mean it."),
    P("orjan", "Ørjan Æsøy", "Chief of Staff", "Leadership", "ingrid", "Bergen",
      "member", "he/him", "nb", ["OKRs", "board reporting", "planning"],
      "Keeps the leadership team's promises on track. Rain-proof Bergenser."),
    P("amara", "Amara Okafor", "Head of Internal Communications", "Leadership", "ingrid",
      "London", "member", "she/her", "en", ["writing", "change management", "podcasts"],
      "If you have news the whole company should hear, come and find me."),
    P("linnea", "Linnea Berg", "Executive Assistant", "Leadership", "ingrid", "Stockholm",
      "member", "", "en", ["calendars", "travel", "events"],
      "I know where everyone is and when. Fika enthusiast."),
    # Engineering
    P("hakon", "Håkon Strand", "Chief Technology Officer", "Engineering", "ingrid", "Oslo",
      "leader", "he/him", "nb", ["architecture", "Python", "hiring"],
      "Builder at heart. I still review pull requests on Fridays."),
    P("priya", "Priya Raman", "Engineering Manager, Platform", "Engineering", "hakon",
      "London", "member", "she/her", "en", ["Kubernetes", "PostgreSQL", "mentoring"],
      "Platform team lead. Happiest when deploys are boring."),
    P("emma", "Emma Johansson", "Engineering Manager, Product", "Engineering", "hakon",
      "Stockholm", "member", "she/her", "en", ["product discovery", "agile", "TypeScript"],
      "I help product teams ship what customers actually need."),
    P("mateus", "Mateus Oliveira", "Senior Backend Engineer", "Engineering", "priya",
      "Remote", "member", "he/him", "en", ["Django", "APIs", "performance"],
      "Writing Python from São Paulo. Coffee snob, bug hunter."),
    P("kenji", "Kenji Watanabe", "Site Reliability Engineer", "Engineering", "priya",
      "Remote", "member", "", "en", ["observability", "incident response", "Linux"],
      "On call so you can sleep. Based in Tokyo."),
    P("chidi", "Chidi Eze", "Security Engineer", "Engineering", "priya", "London",
      "member", "he/him", "en", ["application security", "threat modelling", "SSO"],
      "Ask me before you paste a secret into a chat."),
    P("sindre", "Sindre Haugland", "Data Engineer", "Engineering", "priya", "Oslo",
      "member", "", "nb", ["data pipelines", "SQL", "analytics"],
      "Turning messy spreadsheets into dashboards people trust."),
    P("ase", "Åse Kvam", "Frontend Engineer", "Engineering", "emma", "Bergen",
      "member", "she/her", "nb", ["accessibility", "CSS", "htmx"],
      "Accessibility nerd. Every button deserves a label."),
    P("sofia", "Sofía Hernández", "Product Designer", "Engineering", "emma", "Stockholm",
      "member", "she/her", "en", ["UX research", "design systems", "Figma"],
      "Designing calm, clear interfaces. Born in Sevilla, living in Stockholm."),
    P("tobias", "Tobias Nyström", "Mobile Engineer", "Engineering", "emma", "Stockholm",
      "member", "he/him", "en", ["iOS", "Android", "Kotlin"],
      "Apps in your pocket. Cross-country skier in winter."),
    P("fatima", "Fatima Zahra Benali", "QA Engineer", "Engineering", "emma", "Oslo",
      "member", "she/her", "", ["test automation", "Playwright", "exploratory testing"],
      "I break things on purpose so customers never do."),
    # Sales
    P("marcus", "Marcus Lindgren", "VP Sales", "Sales", "ingrid", "Stockholm",
      "leader", "he/him", "en", ["enterprise sales", "negotiation", "forecasting"],
      "Twenty years of selling things I believe in."),
    P("sigrid", "Sigrid Dahl", "Sales Manager, Nordics", "Sales", "marcus", "Oslo",
      "member", "she/her", "nb", ["public sector", "tenders", "coaching"],
      "Leading our Nordic team. Ask me about public-sector tenders."),
    P("jonas", "Jonas Eriksen", "Account Executive", "Sales", "sigrid", "Bergen",
      "member", "", "nb", ["energy sector", "shipping", "CRM"],
      "Western Norway's energy and shipping customers are mine."),
    P("lars-erik", "Lars-Erik Bjørnstad", "Key Account Manager", "Sales", "sigrid", "Oslo",
      "member", "he/him", "nb", ["key accounts", "contracts", "golf"],
      "Looking after our largest customers for nine years."),
    P("elodie", "Élodie Marchand", "Account Executive", "Sales", "marcus", "London",
      "member", "she/her", "en", ["French market", "SaaS", "presentations"],
      "Covering the UK and France. Parlez-moi de vos projets."),
    P("aisha", "Aisha Rahman", "Sales Development Representative", "Sales", "marcus",
      "London", "member", "she/her", "en", ["prospecting", "LinkedIn", "cold calling"],
      "First voice many customers hear from us."),
    P("noor", "Noor Haddad", "Solutions Engineer", "Sales", "marcus", "Remote",
      "member", "they/them", "en", ["demos", "integrations", "SAML"],
      "I make the product shine in demos and answer the hard technical questions."),
    P("oliver", "Oliver Bennett", "Customer Success Manager", "Sales", "marcus", "London",
      "member", "he/him", "en", ["onboarding", "renewals", "training"],
      "Making sure customers get value long after they sign."),
    # Operations
    P("randi", "Randi Østby", "Chief Operating Officer", "Operations", "ingrid", "Oslo",
      "leader", "she/her", "nb", ["operations", "process design", "vendor management"],
      "I make the machine run. Former ship's officer."),
    P("ada", "Ada Lindqvist", "Workplace Systems Lead", "Operations", "randi", "Oslo",
      "admin", "she/her", "", ["identity management", "Townhall admin", "automation"],
      "I run Townhall and our other internal tools. Questions about access go to me."),
    P("mohammed", "Mohammed Al-Sayed", "Facilities Manager", "Operations", "randi", "Oslo",
      "member", "he/him", "en", ["facilities", "health and safety", "office moves"],
      "Desks, doors and the coffee machine. Report broken things to me."),
    P("camille", "Camille Dubois", "Procurement Specialist", "Operations", "randi",
      "Remote", "member", "", "en", ["procurement", "contracts", "sustainability"],
      "Buying smarter and greener. Working from Lyon."),
    P("eirik", "Eirik Sæther", "Logistics Coordinator", "Operations", "randi", "Bergen",
      "member", "he/him", "nb", ["logistics", "shipping", "inventory"],
      "Hardware and swag, from the warehouse to your desk."),
    P("wei", "Wei Chen", "IT Support Specialist", "Operations", "ada", "Stockholm",
      "member", "he/him", "en", ["laptops", "networking", "Mac"],
      "Turn it off and on again, then call me."),
    P("tuva", "Tuva Rønning", "Office Coordinator", "Operations", "mohammed", "Bergen",
      "member", "she/her", "nb", ["events", "onboarding", "office life"],
      "Runs the Bergen office and its famous Friday waffles."),
    # People & Culture
    P("thandiwe", "Thandiwe Mokoena", "Chief People Officer", "People & Culture", "ingrid",
      "London", "leader", "she/her", "en", ["organisational design", "coaching", "DEI"],
      "Building a workplace where people do their best work and go home on time."),
    P("maja", "Maja Halvorsen", "Community Manager", "People & Culture", "thandiwe", "Oslo",
      "moderator", "she/her", "nb", ["community", "moderation", "internal events"],
      "Keeps Townhall friendly. Flag anything that feels off and I'll look at it."),
    P("rasmus", "Rasmus Holm", "Talent Acquisition Partner", "People & Culture",
      "thandiwe", "Stockholm", "member", "he/him", "en", ["recruiting", "interviewing",
      "employer branding"], "Know someone great? Send them my way."),
    P("zoe", "Zoë Whitfield", "Learning & Development Lead", "People & Culture", "thandiwe",
      "Remote", "member", "she/her", "en", ["training", "leadership programmes",
      "e-learning"], "Lifelong learner, based in Dublin. Running our mentoring programme."),
    P("bjorn", "Bjørn Tveit", "HR Business Partner", "People & Culture", "thandiwe",
      "Bergen", "member", "he/him", "nb", ["employment law", "parental leave", "pay"],
      "Your go-to for contracts, leave and everything in between."),
    # Finance
    P("gunnar", "Gunnar Vik", "Chief Financial Officer", "Finance", "ingrid", "Oslo",
      "leader", "he/him", "nb", ["finance", "investor relations", "budgeting"],
      "Numbers tell stories; I try to tell them plainly."),
    P("leila", "Leila Nasser", "Financial Controller", "Finance", "gunnar", "London",
      "member", "she/her", "en", ["IFRS", "audit", "month-end close"],
      "Closing the books on time, every month."),
    P("astrid", "Astrid Lunde", "Accountant", "Finance", "leila", "Oslo",
      "member", "", "nb", ["accounts payable", "VAT", "expenses"],
      "Expense reports: please attach the receipt."),
    P("daniel", "Daniel Kowalski", "FP&A Analyst", "Finance", "gunnar", "Remote",
      "member", "he/him", "en", ["forecasting", "Excel", "business cases"],
      "Building the budget models from Warsaw."),
    P("hanna", "Hanna Virtanen", "Payroll Specialist", "Finance", "leila", "Stockholm",
      "member", "she/her", "en", ["payroll", "pensions", "Nordic tax"],
      "Making sure everyone is paid right, in four countries."),
]
# fmt: on

# Phone numbers by office (London's are in Ofcom's range for drama); Remote: a mobile.
PHONE_FORMATS = {
    "Oslo": "+47 22 {d[0]}{d[1]} {d[2]}{d[3]} {d[4]}{d[5]}",
    "Bergen": "+47 55 {d[0]}{d[1]} {d[2]}{d[3]} {d[4]}{d[5]}",
    "Stockholm": "+46 8 {d[0]}{d[1]}{d[2]} {d[3]}{d[4]} {d[5]}{d[6]}",
    "London": "+44 20 7946 0{d[4]}{d[5]}{d[6]}",
    "Remote": "+47 4{d[0]}{d[1]} {d[2]}{d[3]} {d[4]}{d[5]}{d[6]}",
}


def phone_for(index: int, location: str) -> str:
    digits = f"{(index * 7919 + 1234567) % 10_000_000:07d}"
    return PHONE_FORMATS[location].format(d=digits)


def time_zone_for(person: Person) -> str:
    if person.location == "Remote":
        return REMOTE_TIME_ZONES[person.username]
    return OFFICE_TIME_ZONES[person.location]
