"""The words of the domain: what a meeting can be, the statuses of a person,
the GAINS fields, the score dimensions, the sides and outcomes of a referral.

Every layer takes these from here: the inputs that validate what a user types,
the migrations' CHECK constraints, the importers, the JSON Schema and the
command-line help all spell the same words.
"""

from __future__ import annotations

KINDS = ("coffee", "lunch", "call", "video", "event", "message", "other")
STATUSES = ("active", "paused", "archived")
GAINS = ("goals", "accomplishments", "interests", "networks", "skills")
GAINS_LABELS = {"goals": "Goals", "accomplishments": "Accomplishments", "interests": "Interests",
                "networks": "Networks", "skills": "Skills"}
DIRECTIONS = ("given", "received")
OUTCOMES = ("open", "met", "won", "lost")
OWED_BY = ("me", "them")

# Scores: one row per (meeting, person, dimension); a third dimension only has
# to be added here (and, to count towards the verdict, to scoring.VERDICT_DIMENSIONS).
DIMENSIONS: tuple[str, ...] = ("listening", "preparation")
SCORE_MIN, SCORE_MAX = 1, 5
