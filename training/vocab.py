"""Closed English vocabulary and the sentence recipe of the embedded model.

Every word is one token of the tokenizer (with and without a leading space).
`SPOKEN` maps a word to the text espeak-ng reads when it differs from the word.
"""

import random

NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred thousand"
).split()

NATO = (
    "alfa bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
).split()

COMMON = (
    "turn on off the lights light kitchen bedroom living room open close start stop "
    "play pause next previous volume up down set timer alarm for minutes seconds hours "
    "call yes no please what time is it weather today tomorrow music door and to "
    "a an of in my hello goodbye thank you cancel repeat"
).split()

WORDS = NUMBERS + NATO + COMMON

SPOKEN = {"xray": "x-ray", "alfa": "alpha", "juliett": "juliet"}

# Seed of every random choice in the data recipe.
SEED = 1234

ROOMS = ["kitchen", "bedroom", "living room"]

TEMPLATES = [
    "turn {onoff} the {room} lights",
    "turn the lights {onoff}",
    "turn {onoff} the lights in the {room}",
    "{openclose} the {room} door",
    "{openclose} the door",
    "set a timer for {num} minutes",
    "set a timer for {num} seconds",
    "set an alarm for {num} {num}",
    "set the volume to {num}",
    "volume {updown}",
    "turn the volume {updown}",
    "{media} the music",
    "{media}",
    "{media} music",
    "call {nato} {nato}",
    "call {num} {num} {num}",
    "what time is it",
    "what is the weather {day}",
    "what is the weather in the {room}",
    "{nato} {nato} {nato}",
    "{nato} {num}",
    "{num} {num} {num} {num}",
    "{num} hundred",
    "{num} thousand",
    "{num} hundred and {num}",
    "yes please",
    "no thank you",
    "{yesno}",
    "hello",
    "goodbye",
    "cancel the timer",
    "repeat",
    "stop the alarm",
    "{media} the {nextprev} music",
    "{nextprev}",
]

SLOTS = {
    "onoff": ["on", "off"],
    "room": ROOMS,
    "openclose": ["open", "close"],
    "updown": ["up", "down"],
    "media": ["play", "pause", "stop", "start", "next", "previous"],
    "nextprev": ["next", "previous"],
    "day": ["today", "tomorrow"],
    "yesno": ["yes", "no"],
    "nato": NATO,
    "num": NUMBERS,
}


def fill_template(rng: random.Random, template: str) -> str:
    """Replace each `{slot}` of a template with a random filler."""
    out = []
    for part in template.split():
        if part.startswith("{") and part.endswith("}"):
            out.append(rng.choice(SLOTS[part[1:-1]]))
        else:
            out.append(part)
    return " ".join(out)


DIGITS = NUMBERS[:10]

# Longest sentence of the recipe, in words.
MAX_WORDS = 12


def digit_string(rng: random.Random, low: int = 3, high: int = 8) -> str:
    """A string of `low`-`high` digits read one by one ("seven three nine one four")."""
    return " ".join(rng.choice(DIGITS) for _ in range(rng.randint(low, high)))


def short_sentence(rng: random.Random) -> str:
    """1-6 words: half command templates, half random word sequences."""
    if rng.random() < 0.5:
        text = fill_template(rng, rng.choice(TEMPLATES))
        if 1 <= len(text.split()) <= 6:
            return text
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))


def long_sentence(rng: random.Random, low: int = 7, high: int = MAX_WORDS) -> str:
    """`low`-`high` words: commands joined by "and", or random word sequences."""
    target = rng.randint(low, high)
    if rng.random() < 0.5:
        words = []
        while len(words) < target:
            part = fill_template(rng, rng.choice(TEMPLATES)).split()
            words += (["and"] if words else []) + part
        if len(words) <= high:
            return " ".join(words)
    return " ".join(rng.choice(WORDS) for _ in range(target))


def random_sentence(rng: random.Random) -> str:
    """One training sentence: 12% single words, 12% digit strings (3-8 digits), 42% of 1-6
    words, 34% of 7-12 words."""
    r = rng.random()
    if r < 0.12:
        return rng.choice(WORDS)
    if r < 0.24:
        return digit_string(rng)
    if r < 0.66:
        return short_sentence(rng)
    return long_sentence(rng)


def spoken_text(text: str) -> str:
    """The text espeak-ng reads for a transcript."""
    return " ".join(SPOKEN.get(w, w) for w in text.split())


def make_sentences(n_train: int, n_test: int, seed: int = SEED):
    """Training and held-out sentence lists; held-out multi-word sentences never occur in
    training (single words necessarily do, the vocabulary is closed; they are capped at a
    quarter of the held-out set)."""
    rng = random.Random(seed)
    train = [random_sentence(rng) for _ in range(n_train)]
    seen = set(train)
    test, singles = [], 0
    while len(test) < n_test:
        s = random_sentence(rng)
        single = len(s.split()) == 1
        if (single and singles < n_test // 4) or (not single and s not in seen):
            test.append(s)
            singles += single
    return train, test


assert len(set(WORDS)) == len(WORDS), "duplicate vocabulary word"
