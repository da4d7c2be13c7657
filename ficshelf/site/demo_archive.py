"""The demo archive's stories: our own short fiction in public-domain fandoms.

Plain text with blank lines between paragraphs; a line of "~~~" is a scene break.
"""

from typing import NotRequired, TypedDict


class DemoWork(TypedDict):
    title: str
    author: str  # a user name; the demo creates one account per author
    rating: str
    warnings: list[str]
    categories: list[str]
    fandoms: list[str]
    relationships: list[str]
    characters: list[str]
    freeforms: list[str]
    summary: str
    notes_begin: str
    notes_end: str
    expected: int | None  # chapters planned; None is AO3's "?"
    chapters: list[tuple[str, str, str, str]]  # (title, notes_begin, body, notes_end)
    series: NotRequired[str]  # the title of the series it is part of, in WORKS order
    restricted: NotRequired[bool]


WORKS: list[DemoWork] = [
    {
        "title": "The Adventure of the Borrowed Umbrella",
        "author": "demo",
        "rating": "General Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["Gen"],
        "fandoms": ["Sherlock Holmes - Arthur Conan Doyle"],
        "relationships": ["Sherlock Holmes & John Watson"],
        "characters": ["Sherlock Holmes", "John Watson", "Mrs. Hudson"],
        "freeforms": ["Case Fic", "Rain", "Friendship", "Humor"],
        "summary": "An umbrella appears in the hall at Baker Street. Nobody owns it. Holmes is delighted.",
        "notes_begin": "Written for a rainy-day prompt. Thank you to everyone who read the first draft!",
        "notes_end": "",
        "expected": 2,
        "chapters": [
            (
                "A Stranger in the Hall",
                "A/N: Chapter one, in which there is an umbrella.",
                """It was Mrs. Hudson who found it, propped against the hat-stand as if it had always lived there: a black silk umbrella with a handle carved into the head of a heron.

"It isn't yours, Doctor?" she asked, and I confessed it was not.

Holmes came down the stairs two at a time. He did not look at the umbrella so much as interrogate it. "Dry," he said. "Dry, on a morning when the whole of London is drowning. Its owner did not walk here, Watson. He was carried."

~~~

By noon he had filled three sheets of foolscap with the heron's pedigree. By two he had sent four telegrams. I went out for tobacco and came back to find him lying on the hearthrug, staring at the ceiling, the umbrella open above him like a small black sky.

"You will bring bad luck into the house," said Mrs. Hudson from the doorway.

"On the contrary," said Holmes. "I have brought in a mystery. It is the same thing, only more useful.\"""",
                "",
            ),
            (
                "The Heron's Owner",
                "",
                """The owner, when at last he came, was a small apologetic clerk from the Admiralty, and he had not been carried at all. He had come by cab, and left the umbrella because the cab had been too warm to think in.

Holmes listened to the whole explanation with the patience of a man hearing his own funeral sermon.

"A cab," he said, when the clerk had gone. "Watson, I am undone by a cab."

~~~

That evening it rained again. Holmes stood at the window for a long while. Then he went down to the hall, looked at the empty place beside the hat-stand, and came back up without a word.

I have never told him that I bought a heron-headed umbrella of my own the next week. It stands in my room, and sometimes, when the case-book is thin, I leave it in the hall.""",
                "Thanks for reading! Kudos and comments make my day.",
            ),
        ],
    },
    {
        "title": "Letters Not Sent from Longbourn",
        "author": "demo",
        "rating": "Teen And Up Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["F/M"],
        "fandoms": ["Pride and Prejudice - Jane Austen"],
        "relationships": ["Elizabeth Bennet/Fitzwilliam Darcy"],
        "characters": ["Elizabeth Bennet", "Fitzwilliam Darcy", "Jane Bennet", "Charlotte Lucas"],
        "freeforms": ["Epistolary", "Pining", "Missing Scene", "Work In Progress"],
        "summary": "Between Hunsford and Pemberley, Elizabeth writes a great many letters. She sends none of them.",
        "notes_begin": "Updates every other Sunday, more or less.",
        "notes_end": "",
        "expected": None,
        "series": "Longbourn Letters",
        "chapters": [
            (
                "To Charlotte, Unsent",
                "",
                """My dear Charlotte,

I have begun this letter four times and burnt it three. You will say that is very like me, and you will be right, and I shall not forgive you for it.

He gave me a letter in the grove. You know this; you watched me come back to the parsonage with a face like a sheet. What you do not know is that I have read it so often that I could recite it to you, and that every time I reach the part about Mr. Wickham I must put it down and walk about the room.

~~~

Jane asks why I am so quiet. I tell her it is the journey. It is not the journey.

Your affectionate and thoroughly mortified friend,
E.""",
                "",
            ),
            (
                "To Mr. Darcy, Certainly Unsent",
                "",
                """Sir,

You will never read this, which is the only reason I can write it.

You were wrong about Jane. You were right about Wickham. I would give a great deal to have those two sentences the other way about, and I find that I cannot decide which of them I mind more.

~~~

I have torn out the next line. It said something I am not ready to have said, even to paper.

E. B.""",
                "Next time: Pemberley, and a housekeeper with opinions.",
            ),
        ],
    },
    {
        "title": "Tea at the Wrong Hour",
        "author": "demo",
        "rating": "General Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["Gen"],
        "fandoms": ["Alice in Wonderland - Lewis Carroll"],
        "relationships": [],
        "characters": ["Alice", "Mad Hatter", "March Hare", "Dormouse"],
        "freeforms": ["Nonsense", "Time Travel (sort of)", "Ficlet"],
        "summary": "The clocks at the tea-party stopped at six. Alice decides to wind them.",
        "notes_begin": "",
        "notes_end": "A short one. The Dormouse deserved a line.",
        "expected": 1,
        "chapters": [
            (
                "",
                "",
                """"You can't wind it," said the Hatter. "It's been wound. That's the trouble. Overwound, the whole afternoon of it."

Alice looked at the watch, which was buttered, and at the Hatter, who was not. "Then what time is it?"

"Six," said the March Hare. "It is always six. We've been over this."

~~~

When Alice left, she left the watch on the table and a small brass key beside it. She did not look back, because looking back at a tea-party is how one ends up staying for it.

Behind her, very faintly, something began to tick.

"Seven," said the Dormouse, in its sleep, and everybody screamed.""",
                "",
            ),
        ],
    },
    {
        "title": "What the Thread Remembers",
        "author": "demo",
        "rating": "Mature",
        "warnings": ["Graphic Depictions Of Violence"],
        "categories": ["F/M", "Gen"],
        "fandoms": ["Greek Mythology"],
        "relationships": ["Ariadne/Dionysus", "Ariadne & Theseus"],
        "characters": ["Ariadne", "Theseus", "Dionysus", "Asterion | Minotaur"],
        "freeforms": ["Retelling", "Abandonment", "Labyrinths", "Blood", "Hurt/Comfort"],
        "summary": "Ariadne gave him the thread. Nobody asked what it cost her to hold the other end.",
        "notes_begin": "Heed the warning: the labyrinth is not kind, and neither is this chapter.",
        "notes_end": "",
        "expected": 3,
        "chapters": [
            (
                "The Spindle",
                "",
                """Knossos

The thread was red because Ariadne had dyed it herself, in the long nights when her brother bellowed under the palace and the whole hill shook with it.

She did not tell Theseus that. She told him to keep his left hand on the wall.

~~~

The Labyrinth

He came out with blood to the elbow and her brother's horn in his belt. She wound the thread back onto the spindle while he washed, and she counted every turn, and when she was done she knew exactly how far into the dark he had gone to kill someone she had loved once, when they were both very small.""",
                "",
            ),
            (
                "Naxos",
                "",
                """She woke alone on the beach with the spindle still in her hand. The ship was a white mark on the edge of the sea, and then it was nothing.

~~~

The god found her there at dusk, sitting in the surf with the thread wound round her wrist like a bandage.

"He left you," said Dionysus, who was never tactful.

"He left the thread," said Ariadne. "I think he was afraid of it.\"""",
                "One more chapter to go. Thank you for sticking with this!",
            ),
        ],
    },
    {
        "title": "Second Star, Third Attempt",
        "author": "ink_and_quill",
        "rating": "Teen And Up Audiences",
        "warnings": ["Creator Chose Not To Use Archive Warnings"],
        "categories": ["Gen"],
        "fandoms": ["Peter Pan - J. M. Barrie"],
        "relationships": ["Wendy Darling & Peter Pan"],
        "characters": ["Wendy Darling", "Peter Pan", "Tinker Bell", "John Darling"],
        "freeforms": ["Growing Up", "Flight", "Bittersweet"],
        "summary": "Wendy is thirty-one, and the window is open again.",
        "notes_begin": "",
        "notes_end": "",
        "expected": None,
        "restricted": True,
        "chapters": [
            (
                "The Window",
                "Note: this one is for registered readers only while I finish it.",
                """It was Jane who left the window open, of course. Children always do.

Wendy stood in the nursery doorway with the lamp in her hand and watched the curtains breathe. She had told herself for twenty years that she would close it if he came. She had told herself she would not be the sort of woman who waits.

* * *

"You got old," said Peter Pan from the sill.

"I got older," said Wendy. "It is not the same thing, and you never could tell the difference.\"""",
                "",
            ),
        ],
    },
    {
        "title": "Pemberley in Winter",
        "author": "demo",
        "rating": "General Audiences",
        "warnings": ["No Archive Warnings Apply"],
        "categories": ["F/M"],
        "fandoms": ["Pride and Prejudice - Jane Austen"],
        "relationships": ["Elizabeth Bennet/Fitzwilliam Darcy", "Georgiana Darcy & Elizabeth Bennet"],
        "characters": ["Elizabeth Bennet", "Fitzwilliam Darcy", "Georgiana Darcy", "Mrs. Reynolds"],
        "freeforms": ["Post-Canon", "Married Life", "Snow", "Fluff"],
        "summary": "The first snow at Pemberley, and Georgiana has never built a snowman.",
        "notes_begin": "A sequel of sorts to the Longbourn letters.",
        "notes_end": "",
        "expected": 1,
        "series": "Longbourn Letters",
        "chapters": [
            (
                "",
                "",
                """The snow came in the night, and by morning the park was so white that Elizabeth could not tell where the lawn ended and the lake began.

"Fitzwilliam," she said at breakfast, "your sister has never built a snowman."

Mr. Darcy set down his cup with great care. "The Darcys," he said, "do not build snowmen."

~~~

By eleven there were three snowmen on the south lawn. The smallest wore Mr. Darcy's second-best hat. Mrs. Reynolds watched from the steps and said nothing at all, in a manner that said a great deal.""",
                "",
            ),
        ],
    },
]
