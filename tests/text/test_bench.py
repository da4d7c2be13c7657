from ficshelf.bench.sanitize import bench_sanitize, flat_list, nested_list


def test_its_inputs_are_as_long_and_as_tagged_nested_or_not():
    nested = nested_list(1_000)
    flat = flat_list(len(nested))
    assert len(nested) - len(flat) < 20
    assert nested.count("<li>") == 1_000 and 900 < flat.count("<li>") <= 1_000


def test_it_reports_the_nested_time_as_a_ratio_to_the_flat_one():
    result = bench_sanitize(depth=2_000, runs=1)
    assert result["bytes"] == len(nested_list(2_000))
    assert result["nested_to_flat"] < 1  # refused by the pre-scan, before the parser
    assert result["parser_nested_to_flat"] > 1
