import gc

from ficshelf.site.server import YOUNG_GC_THRESHOLD, tune_garbage_collector


def test_it_collects_young_garbage_less_often_and_freezes_startup_objects():
    before = gc.get_threshold()
    try:
        tune_garbage_collector()
        assert gc.get_threshold()[0] == YOUNG_GC_THRESHOLD
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
