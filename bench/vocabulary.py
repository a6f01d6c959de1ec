"""Word lists the benchmark corpus generator draws from: common English, memo vocabulary,
FOIA/immigration-enforcement terms, places, agencies and people's names.

The words that make up the known phrases ("secure", "communities", "opt", "opting",
"interoperability", "287(g)") are kept OUT of these lists, so that the phrase rates the
generator records are exact: a phrase only appears where the generator put it.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """The whitespace-separated words of a block of text (word lists stay readable)."""
    return text.split()


# Most frequent first: the top of the Zipf distribution.
FUNCTION_WORDS = words(
    """
the of and to a in for is on that by this with be as are from at or will it not have has an
was we our which their all any these been would can may other such if they there also should
its more were under each who one about after into than only those out his her he she them
what when where how some no new two three first through between before during while
because both within without most very just so but must per upon including however
"""
)

NOUNS = words(
    """
information department office program state county agency law enforcement data process
system request records record report policy field operations meeting week day time year
month issue issues list number case cases status update question questions review plan
deployment activation jurisdiction jurisdictions sheriff jail detention removal custody
alien aliens criminal crime offense offenses fingerprint fingerprints biometric match
matches response responses notification notifications detainer detainers officer
officers agent agents director headquarters division unit branch staff team partners
partner stakeholder stakeholders community leaders council board commissioner governor
legislature bill legislation statute regulation authority agreement memorandum letter
email call conference briefing presentation document documents draft copy attachment
version comments feedback concerns concern support position approach strategy model
framework guidance instructions procedure procedures standard standards training
budget funding cost costs resources personnel site sites facility facilities center
centers region regions area areas location locations city cities population public
press media reporter article story statement statements release question answers
outreach engagement participation involvement implementation schedule timeline date
dates deadline target goal goals priority priorities level levels category threat
safety security risk risks result results outcome outcomes analysis statistics
numbers percentage total totals count counts increase decrease change changes
history background summary overview purpose scope context basis reason reasons
decision decisions recommendation recommendations option options alternative
alternatives discussion discussions consultation coordination communication
communications exchange sharing access connection network technology database
databases query queries transaction transactions submission submissions booking
bookings arrest arrests charge charges conviction convictions prosecution court
courts judge hearing hearings immigration status visa residence citizen citizens
national nationals country countries border ports port entry family families
attorney attorneys counsel representative representatives member members chief
deputy assistant secretary administrator coordinator manager specialist analyst
liaison contractor contractors vendor contract contracts invoice payment requirement
requirements criteria memo memos note notes minutes agenda action actions item items
point points section sections paragraph page pages attachment appendix table chart
figure map inquiry inquiries complaint complaints allegation allegations incident
incidents event events effort efforts initiative initiatives project projects pilot
phase phases rollout expansion coverage capability capabilities tool tools interface
"""
)

VERBS = words(
    """
provide include request review discuss confirm receive send forward attach advise
notify inform contact coordinate support implement deploy activate begin complete
continue consider determine identify require ensure address respond explain clarify
prepare schedule meet call ask answer note indicate suggest recommend propose approve
agree decline refuse participate remove detain arrest release transfer process submit
share access query match check verify update report track monitor assess evaluate
analyze compare expect plan intend need want help develop draft edit finalize sign
issue publish post reach follow discuss raise resolve handle manage oversee direct
"""
)

ADJECTIVES = words(
    """
federal local public criminal national current additional specific available final
initial formal informal official internal external general mandatory voluntary
particular appropriate relevant significant important potential possible recent
previous following next last early late full partial interim preliminary regional
statewide nationwide administrative operational technical legal political sensitive
confidential unclassified serious violent nonviolent prior certain several many
few other same different similar separate existing proposed planned scheduled
"""
)

DOMAIN_WORDS = words(
    """
ICE DHS FBI CJIS IDENT IAFIS ERO OPLA OSLC SLTC CBP USCIS DOJ NCIC LESC ACCESS SC PMO
deportation deportations deportable removable noncitizen detainee detainees lockup
ACLU NDLON CCR Cardozo plaintiffs litigation FOIA exemption redaction redacted
withheld production Bates privilege deliberative
"""
)

# (county, state) pairs of jurisdictions named in Secure Communities records.
COUNTIES = [
    ("Cook", "Illinois"),
    ("Harris", "Texas"),
    ("Maricopa", "Arizona"),
    ("Los Angeles", "California"),
    ("Wake", "North Carolina"),
    ("Arlington", "Virginia"),
    ("Santa Clara", "California"),
    ("San Mateo", "California"),
    ("Travis", "Texas"),
    ("Dallas", "Texas"),
    ("Miami-Dade", "Florida"),
    ("Broward", "Florida"),
    ("Fairfax", "Virginia"),
    ("Prince William", "Virginia"),
    ("Montgomery", "Maryland"),
    ("Prince George's", "Maryland"),
    ("Hennepin", "Minnesota"),
    ("Multnomah", "Oregon"),
    ("King", "Washington"),
    ("Denver", "Colorado"),
    ("Salt Lake", "Utah"),
    ("Davidson", "Tennessee"),
    ("Gwinnett", "Georgia"),
    ("Cobb", "Georgia"),
    ("Mecklenburg", "North Carolina"),
    ("Middlesex", "Massachusetts"),
    ("Suffolk", "Massachusetts"),
    ("Bergen", "New Jersey"),
    ("Hudson", "New Jersey"),
    ("Nassau", "New York"),
    ("Westchester", "New York"),
    ("Bernalillo", "New Mexico"),
    ("Clark", "Nevada"),
    ("Oklahoma", "Oklahoma"),
    ("Dane", "Wisconsin"),
    ("Wayne", "Michigan"),
    ("Cuyahoga", "Ohio"),
    ("Philadelphia", "Pennsylvania"),
    ("Orleans", "Louisiana"),
    ("Jefferson", "Alabama"),
]

AGENCIES = [
    "U.S. Immigration and Customs Enforcement",
    "Department of Homeland Security",
    "Federal Bureau of Investigation",
    "Criminal Justice Information Services Division",
    "Enforcement and Removal Operations",
    "Office of the Principal Legal Advisor",
    "Office of State, Local and Tribal Coordination",
    "Department of Justice",
    "Law Enforcement Support Center",
    "U.S. Citizenship and Immigration Services",
    "Office of Congressional Relations",
    "Office of Public Affairs",
    "ICE",
    "DHS",
    "FBI",
    "CJIS",
    "ERO",
    "OPLA",
]

FIRST_NAMES = words(
    """
James John Robert Michael William David Richard Joseph Thomas Charles Mary Patricia
Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Marc Daniel Paul Mark Donald
George Kenneth Steven Edward Brian Ronald Anthony Kevin Jason Matthew Gary Timothy Nancy
Lisa Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa
Deborah Stephanie Rebecca Laura Sharon Cynthia Kathleen Amy Shirley Angela Helen Anna
Brenda Pamela Nicole Ruth Katherine Samantha Christine Emma Catherine Debra Virginia
Rachel Carolyn Janet Maria Heather Diane Julie Joyce Victoria Kelly Christina Joan Evelyn
Lauren Judith Olivia Frances Martha Cheryl Megan Andrea Hannah Jacqueline Ann Jean
"""
)

LAST_NAMES = words(
    """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White
Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres
Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts
Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales
Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos
Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes
Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry
"""
)

TITLES = [
    "Unit Chief",
    "Section Chief",
    "Deputy Assistant Director",
    "Assistant Director",
    "Program Manager",
    "Management and Program Analyst",
    "Special Assistant",
    "Field Office Director",
    "Deputy Field Office Director",
    "Senior Counsel",
    "Chief of Staff",
    "Public Affairs Officer",
    "Congressional Liaison",
    "Sheriff",
    "Undersheriff",
    "Jail Administrator",
    "Deputy Director",
    "Senior Policy Advisor",
]

SYLLABLES = words(
    """
ka ren dol mi sa tor ve lin bra cos dre fal gan hel ish jor kel lam mon nar ost pel quin
ras sel tam ul var wen yor zel an bel cor den el fir gor han ir jas kor lor mer nor or
"""
)

# Sentences an office writes again and again (each used whole, never split).
STOCK_SENTENCES = [
    "Please let me know if you have any questions.",
    "Thanks for your help with this.",
    "See the attached document for more information.",
    "I will follow up with the field office tomorrow.",
    "We need to discuss this before the call on Thursday.",
    "Can you send me the latest numbers by close of business?",
    "This is for internal use only and should not be released.",
    "Please review and provide comments by Friday.",
]
