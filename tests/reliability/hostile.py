"""Hostile text shared by the round-trip and hostile-input cases."""

ESC = "\x1b"

NAMES = [
    "Zoë 😀 Núñez-Øster",
    "שלום עולם Rivka",                       # right-to-left
    "Cafe\u0301 Combining\u0308\u0301",    # combining characters
    "Quote \"Double\" 'Single'",
    "Back\\slash \\n \\x00",
    "Percent 100% _under_score",
    "Robert'); DROP TABLE person;--",
    "\u202eRTL override\u202c Mix",
]

# single-line fields (names, places, follow-ups) refuse control characters;
# notes keep them (they are multi-line text, stored exactly)
ESC_NAME = f"Esc {ESC}[31mRed{ESC}[0m {ESC}]0;title{ESC}\\ Bell\x07"

NOTE = ("Notes with everything: 😀 👩‍👩‍👧 — שלום — ﷺ — e\u0301\u0301\n"
        "quotes \" ' ` and backslashes \\ \\\\ and % _ %% LIKE '%_'\n"
        "Robert'); DROP TABLE meeting;--\n"
        f"{ESC}[2J{ESC}[H cleared? {ESC}]8;;http://evil.example{ESC}\\link{ESC}]8;;{ESC}\\\n"
        "\ttabs\r\nCRLF and trailing spaces   ")
