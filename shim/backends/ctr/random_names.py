"""docker-style names for containers run without --name: `adjective_surname`, with a digit appended when
the name is taken, as docker's engine does (ctr names nothing; nerdctl would name it after the image).
The words are pydock's own selection."""

from __future__ import annotations

import random

ADJECTIVES = (
    "agile", "bold", "brave", "bright", "calm", "clever", "cool", "crisp", "daring", "eager", "fervent", "gentle",
    "happy", "hopeful", "jolly", "keen", "kind", "lucid", "merry", "modest", "nimble", "noble", "patient",
    "plucky", "quiet", "quirky", "serene", "sharp", "steady", "sunny", "swift", "tender", "vivid", "wise", "witty",
    "zealous",
)
SURNAMES = (
    "agnesi", "babbage", "bohr", "boole", "cannon", "curie", "darwin", "dijkstra", "euler", "faraday", "fermi",
    "franklin", "gauss", "goodall", "hamilton", "hopper", "hypatia", "johnson", "kepler", "knuth", "lamarr",
    "lovelace", "maxwell", "meitner", "mirzakhani", "newton", "noether", "pascal", "ritchie", "shannon",
    "somerville", "tesla", "thompson", "turing", "wilson", "yalow",
)


def fresh_name(taken: set[str], rng: random.Random | None = None) -> str:
    """A name no container in `taken` has."""
    pick = rng or random.SystemRandom()
    for attempt in range(50):
        name = f"{pick.choice(ADJECTIVES)}_{pick.choice(SURNAMES)}"
        if attempt:
            name += str(pick.randint(0, 9))
        if name not in taken:
            return name
    return f"{pick.choice(ADJECTIVES)}_{pick.choice(SURNAMES)}_{pick.getrandbits(32):08x}"
