"""Northwind's groups: twelve public, twelve private and twelve secret.

Each row: name, kind, owner, admins, members, description. Members are usernames or the
shorthands `dept:<Department>` / `office:<Location>` / `everyone`, expanded by `members_of`.
Public groups are joined, private and secret ones entered by accepting the owner's
invitation: the demo goes through the same actions as people do (see steps.py).

Ada, the demo admin, belongs to some groups of each kind but to none of most secret ones,
so the demo shows what a person cannot see as well as what they can.
"""

from dataclasses import dataclass

from townhall.demo.people import PEOPLE


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    owner: str
    admins: tuple[str, ...]
    members: tuple[str, ...]
    description: str


def members_of(spec: GroupSpec) -> list[str]:
    """Usernames of everyone in the group but the owner, admins first, in a stable order."""
    names: list[str] = []
    for token in (*spec.admins, *spec.members):
        if token == "everyone":
            found = [p.username for p in PEOPLE]
        elif token.startswith("dept:"):
            found = [p.username for p in PEOPLE if p.department == token[5:]]
        elif token.startswith("office:"):
            found = [p.username for p in PEOPLE if p.location == token[7:]]
        else:
            found = [token]
        names.extend(n for n in found if n != spec.owner and n not in names)
    return names


G = GroupSpec
PUBLIC, PRIVATE, SECRET = "public", "private", "secret"
# fmt: off
GROUPS = [
    # --- public: offices, guilds and interests ------------------------------------------
    G("Engineering guild", PUBLIC, "hakon", ("priya", "emma"),
      ("dept:Engineering", "noor", "ada", "wei"),
      "Everyone who builds or runs our software. Architecture notes, tech talks on "
      "Thursdays, questions big and small."),
    G("Oslo office", PUBLIC, "mohammed", ("ada",), ("office:Oslo", "tuva"),
      "News from Karl Johans gate 12: visitors, desk booking, the coffee machine and "
      "Friday breakfast. Kontoret i Oslo."),
    G("Bergen office", PUBLIC, "tuva", (), ("office:Bergen", "mohammed"),
      "Bryggen's finest (and wettest) office. Waffles on Fridays at 14:00."),
    G("Stockholm office", PUBLIC, "linnea", (), ("office:Stockholm",),
      "Södermalm office life: fika at 15:00 sharp, visitors and practical things."),
    G("London office", PUBLIC, "amara", (), ("office:London",),
      "Shoreditch office: who is in, building notices and the occasional pub quiz."),
    G("Remote crew", PUBLIC, "zoe", (), ("office:Remote", "priya", "ada", "thandiwe"),
      "For everyone working away from an office: tips, time zones and virtual coffee."),
    G("Running club", PUBLIC, "tobias", ("sindre",),
      ("ase", "randi", "kenji", "elodie", "rasmus", "hanna", "ingrid", "ada", "bjorn",
       "mateus", "leila"),
      "From first 5 km to marathons. Lunch runs, race sign-ups and Strava bragging."),
    G("Coffee lovers", PUBLIC, "mateus", ("tuva",),
      ("wei", "linnea", "sigrid", "eirik", "aisha", "hakon", "ada", "noor", "camille",
       "astrid", "kenji", "oliver"),
      "Beans, brewing methods and which office has the best espresso. #kaffe"),
    G("Book club", PUBLIC, "zoe", (),
      ("amara", "sofia", "leila", "maja", "orjan", "ada", "chidi", "hanna", "jonas"),
      "One book a month, one lunch to talk about it. Fiction and non-fiction."),
    G("Townhall tips & help", PUBLIC, "ada", ("maja",), ("everyone",),
      "How to get the most out of Townhall: features, how-tos and questions about this "
      "site. Run by Workplace Systems."),
    G("Sustainability at Northwind", PUBLIC, "camille", (),
      ("eirik", "sofia", "thandiwe", "hanna", "jonas", "ada", "randi", "elodie"),
      "Ideas and progress on travel, purchasing, energy and waste. Small steps count."),
    G("Customer stories", PUBLIC, "oliver", ("noor",),
      ("dept:Sales", "amara", "emma", "sofia", "ingrid", "ada"),
      "Wins, lessons and quotes from our customers. Share what you hear from them."),
    # --- private: teams and projects ------------------------------------------------------
    G("Product launch Q1", PRIVATE, "emma", ("marcus",),
      ("sofia", "ase", "tobias", "fatima", "mateus", "noor", "amara", "elodie", "oliver",
       "hakon", "ada"),
      "Cross-team room for the spring release: scope, dates, launch materials."),
    G("Platform team", PRIVATE, "priya", (),
      ("mateus", "kenji", "chidi", "sindre", "hakon"),
      "Infrastructure, databases, deploys and on-call for the platform team."),
    G("Product team", PRIVATE, "emma", (), ("ase", "sofia", "tobias", "fatima"),
      "Day-to-day of the product squad: discovery, design reviews and releases."),
    G("Sales Nordics", PRIVATE, "sigrid", (), ("jonas", "lars-erik", "marcus", "noor"),
      "Pipeline, tenders and deals in Norway, Sweden, Denmark and Finland."),
    G("Sales UK & France", PRIVATE, "marcus", ("elodie",), ("aisha", "oliver", "noor"),
      "Pipeline and deal reviews for the UK and French markets."),
    G("Incident response", PRIVATE, "kenji", ("chidi", "ada"),
      ("priya", "mateus", "hakon", "wei"),
      "On-call hand-overs, incident reviews and runbooks. Page us, don't post here, in an "
      "emergency."),
    G("Finance team", PRIVATE, "gunnar", ("leila",), ("dept:Finance",),
      "Month-end, audit, budgets and the finance team's calendar."),
    G("People & Culture team", PRIVATE, "thandiwe", (), ("dept:People & Culture",),
      "The P&C team's working room: hiring, onboarding, policies, events."),
    G("Operations team", PRIVATE, "randi", ("ada",), ("dept:Operations",),
      "Facilities, IT, logistics and procurement working together."),
    G("Mentoring programme 2026", PRIVATE, "zoe", (),
      ("sindre", "aisha", "tobias", "priya", "marcus", "leila", "fatima", "eirik"),
      "Mentors and mentees of this year's cohort: sessions, reading and reflections."),
    G("Summer party 2026", PRIVATE, "tuva", ("linnea",),
      ("mohammed", "amara", "maja", "eirik", "ada", "rasmus", "aisha", "jonas", "sofia"),
      "Planning the summer party at Bygdøy. Archived: thank you all, it was a blast!"),
    G("Security champions", PRIVATE, "chidi", (),
      ("mateus", "ase", "fatima", "noor", "wei", "kenji"),
      "One champion per team: secure coding, phishing drills and threat models."),
    # --- secret: leadership and confidential work -----------------------------------------
    G("Board prep", SECRET, "ingrid", ("orjan",),
      ("gunnar", "hakon", "randi", "thandiwe", "marcus", "linnea"),
      "Preparing board meetings: decks, minutes and follow-ups. Confidential."),
    G("Salary review 2026", SECRET, "thandiwe", ("bjorn",),
      ("gunnar", "leila", "hanna", "ingrid"),
      "Pay bands, market data and the review timeline. Strictly confidential."),
    G("Leadership team", SECRET, "ingrid", ("orjan",),
      ("hakon", "marcus", "randi", "thandiwe", "gunnar", "amara"),
      "The leadership team's weekly agenda, decisions and hard conversations."),
    G("Project Fjord", SECRET, "gunnar", (), ("ingrid", "hakon", "orjan", "daniel", "marcus"),
      "Due diligence for a possible acquisition. Need-to-know only; do not forward."),
    G("Sales reorganisation", SECRET, "marcus", (), ("thandiwe", "bjorn", "ingrid"),
      "Planning next year's sales team structure before anything is announced."),
    G("Hiring: VP Marketing", SECRET, "rasmus", (), ("ingrid", "thandiwe", "amara"),
      "Candidates, interview notes and references for the VP Marketing search."),
    G("Security incidents", SECRET, "chidi", ("kenji",), ("priya", "hakon", "ada"),
      "Handling of reported security incidents. Restricted: details stay here."),
    G("Audit 2026", SECRET, "leila", (), ("gunnar", "astrid", "daniel", "hanna"),
      "Working with the external auditors: requests, findings and evidence."),
    G("Budget 2027", SECRET, "daniel", ("gunnar",),
      ("leila", "randi", "hakon", "marcus", "thandiwe"),
      "Drafts of next year's budget before department heads see them."),
    G("Employee relations", SECRET, "bjorn", (), ("thandiwe", "maja"),
      "Confidential HR cases. Names stay out of other groups."),
    G("Townhall admins", SECRET, "ada", ("maja",), ("wei", "chidi"),
      "Running this site: moderation questions, settings changes and upgrades."),
    G("Surprise party for Ingrid", SECRET, "linnea", ("amara",),
      ("orjan", "tuva", "maja", "hakon", "ada", "gunnar", "randi"),
      "Ten years as CEO! Shh: she must not find out before the day."),
]
# fmt: on

# (group, person, message): private groups people have asked to join, not yet decided.
JOIN_REQUESTS = [
    ("Incident response", "fatima", "I'd like to shadow the on-call rotation next quarter."),
    ("Product launch Q1", "aisha", "Prospects keep asking about the launch, can I follow?"),
    ("Sales Nordics", "daniel", "I build the forecast model, the pipeline notes would help."),
    ("Mentoring programme 2026", "hanna", ""),
    ("Platform team", "sofia", "Curious about how deploys work, mostly lurking!"),
]

# (group, invited by, invitee): invitations waiting for an answer.
INVITATIONS = [
    ("Security champions", "chidi", "ada"),
    ("Security champions", "chidi", "sofia"),
    ("Board prep", "ingrid", "amara"),
    ("Mentoring programme 2026", "zoe", "rasmus"),
    ("Budget 2027", "daniel", "astrid"),
]

ARCHIVED = ["Summer party 2026"]
