import pytest

from ficshelf.search.query import MAX_QUERY_CHARS, QueryError, parse


def words(query):
    return [[(t.words, t.field) for t in group] for group in query.groups]


def test_words_phrases_or_and_fields():
    q = parse('snow "heron umbrella" dragon OR wyvern title:Letters tag:"Hurt/Comfort" -angst')
    assert words(q) == [
        [(("snow",), None)],
        [(("heron", "umbrella"), None)],
        [(("dragon",), None), (("wyvern",), None)],
        [(("letters",), "title")],
        [(("hurt", "comfort"), "tags")],
    ]
    assert [t.words for t in q.excluded] == [("angst",)]


def test_unknown_prefixes_and_punctuation_are_just_words():
    q = parse("http://example.org && note: it's")
    assert [t.words for g in q.groups for t in g] == [("http", "example", "org"), ("note",), ("it", "s")]


@pytest.mark.parametrize(
    "raw, message",
    [
        ('"unclosed phrase', "unmatched quotation mark"),
        ("OR OR", "OR"),
        ("dragon OR", "OR"),
        ("OR dragon", "OR"),
        ("dragon OR -wyvern", "can't be one side of an OR"),
        ("-angst", "can't only exclude"),
        ("x" * (MAX_QUERY_CHARS + 1), "at most 1,000"),
        ("!!! ???", "at least one word"),
        (" ".join(f"w{i}" for i in range(40)), "at most 32"),
    ],
)
def test_bad_queries_get_clear_messages(raw, message):
    with pytest.raises(QueryError, match=message):
        parse(raw)


def test_a_10_kb_query_is_refused_with_its_length():
    with pytest.raises(QueryError, match="10,240 characters"):
        parse("a" * 10_240)
