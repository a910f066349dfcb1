"""004's "Contextual facts", "Key staffing data" and "Caseload characteristics" as printed (the
2021 Blackpool report; each line the figure, a tab, the words), which the example profile
examples/profile-blackpool-2021.yaml must reproduce."""

FACTS_2021 = [
    "227\tFirst-time entrant rate per 100,000 in Blackpool",
    "201\tFirst-time entrant rate per 100,000 in North West",
    "207\tFirst-time entrant rate per 100,000 in England and Wales",
    "45%\tReoffending rate in Blackpool",
    "39%\tReoffending rate in England and Wales",
    "139,446\tTotal population of Blackpool",
    "12,494\tTotal youth population (10\u201317 years) in Blackpool",
    "35\tTotal current caseload, of which:",
    "29 (83%)\tcourt disposals",
    "6 (17%)\tout-of-court disposals",
    "27 (93%)\tTotal current caseload on community sentences",
    "2 (7%)\tTotal current caseload in custody",
    "0 (0%)\tTotal current caseload on licence",
    "3 (50%)\tTotal current caseload with youth caution",
    "3 (50%)\tTotal current caseload with youth conditional caution",
    "0 (0%)\tTotal current caseload: community resolution or other out-of-court disposal",
    "13%\tCurrent caseload 'Looked After Children' resident in the YOS area",
    "34%\tCurrent caseload 'Looked After Children' placed outside the YOS area",
    "3%\tCurrent caseload with Child Protection Plan",
    "6%\tCurrent caseload with Child in Need Plan",
    "20%\tCurrent caseload aged 16 and under not in school/pupil referral unit/alternative "
    "education",
    "53%\tCurrent caseload aged 16 and under in a pupil referral unit or alternative education",
    "41%\tCurrent caseload aged 17+ not in education, training or employment",
]  # fmt: skip

CASELOAD_INFORMATION_2021 = {  # dimension: (group, Blackpool YJS, national average)
    "age": [("10\u201314", "22%", "22%"), ("15\u201317", "78%", "78%")],
    "ethnicity": [
        ("White", "91%", "69%"),
        ("Black and minority ethnic", "6%", "28%"),
        ("Unknown", "3%", "0%"),
    ],
    "gender": [("Male", "86%", "85%"), ("Female", "14%", "15%")],
}

OFFENCE_TYPES_2021 = [
    ("Violence against the person", "38%"),
    ("Sexual offence (contact)", "15%"),
    ("Burglary", "8%"),
    ("Robbery", "23%"),
    ("Arson", "8%"),
    ("Summary motoring offences", "8%"),
]

STAFFING_2021 = [
    "Total staff headcount (full-time equivalent, FTE)\t13.28",
    "Vacancy rate: case managers only (total unfilled case manager posts as percentage of total "
    "case manager headcount)\t0%",
    "Average caseload per case manager (FTE)\t5",
    "Average annual sickness days (all staff)\t12.36",
    "Staff attrition (percentage of all staff leaving in 12-month period)\t0%",
]

CHARACTERISTICS_2021 = [
    "Percentage of current caseload with mental health issues\t50%",
    "Percentage of current caseload with substance misuse issues\t72%",
    "Percentage of current caseload with an education, health and care plan\t19%",
]

FOOTNOTES_2021 = [
    "First-time entrants, January to December 2019. Youth Justice Board.",
    "Proven reoffending statistics, January to December 2018. Ministry of Justice.",
    "UK population estimates, mid-2019. Office for National Statistics. June 2020.",
    "Youth justice annual statistics, 2019-2020. Youth Justice Board. January 2021.",
    "Data supplied by the YJS, reflecting the caseload at the time of the inspection announcement.",
    "Data from the children's records assessed during this inspection.",
    "Information supplied by YJS and reflecting the caseload at the time of the inspection "
    "announcement.",
    "Data supplied by YJS.",
]
