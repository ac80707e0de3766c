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


def random_sentence(rng: random.Random) -> str:
    """One sentence: 25% single words, else 2-6 words (half templates, half random)."""
    r = rng.random()
    if r < 0.25:
        return rng.choice(WORDS)
    if r < 0.625:
        text = fill_template(rng, rng.choice(TEMPLATES))
        if 1 <= len(text.split()) <= 6:
            return text
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))


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
