from ficshelf.bench.hostile import bench_import_hostile
from ficshelf.bench.importer import bench_import, generate_text


def test_it_generates_a_text_of_the_asked_size():
    text = generate_text(20_000)
    assert 20_000 <= len(text.split()) < 25_000
    assert "Chapter 3:" in text and "A/N:" in text


def test_it_reports_speed_and_memory():
    result = bench_import(20_000, runs=1)
    assert set(result) >= {"bytes", "words", "seconds", "mb_per_s", "peak_bytes", "peak_ratio"}
    assert result["words"] >= 20_000 and result["chapters"] > 1
    assert result["peak_ratio"] < 10


def test_it_rebuilds_and_measures_the_hostile_imports():
    result = bench_import_hostile(docx_mb=0.3, text_mb=0.2, chapters=5, web=False)
    assert result["docx"]["outcome"].startswith("parsed:")
    assert result["text_parse"]["outcome"].startswith("parsed: 5 chapters")
    assert {"seconds", "peak_rss_mb", "tracemalloc_peak_mb"} <= set(result["docx"])
