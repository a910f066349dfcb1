"""004's published Blackpool 2021 figures, which the examples and the synthetic case file
must reproduce: each standard's rating (the ratings table) and each key question's % yes
(domain chapters 2 and 3; 2.1.3 as the text's 10 of 13, not the table's 58%)."""

PUBLISHED_2021 = {
    "1.1": "Good",
    "1.2": "Good",
    "1.3": "Requires improvement",
    "1.4": "Good",
    "2.1": "Good",
    "2.2": "Requires improvement",
    "2.3": "Good",
    "2.4": "Outstanding",
    "3.1": "Outstanding",
    "3.2": "Good",
    "3.3": "Good",
    "3.4": "Outstanding",
}

PUBLISHED_2021_PERCENTAGES = {
    "2.1.1": 85, "2.1.2": 92, "2.1.3": 77, "2.2.1": 75, "2.2.2": 82, "2.2.3": 55,
    "2.3.1": 83, "2.3.2": 91, "2.3.3": 70, "2.4.1": 100, "2.4.2": 100, "2.4.3": 100,
    "3.1.1": 80, "3.1.2": 80, "3.1.3": 90, "3.2.1": 80, "3.2.2": 71, "3.2.3": 67,
    "3.3.1": 90, "3.3.2": 71, "3.3.3": 67, "3.4.1": 100, "3.4.2": 100,
}  # fmt: skip
