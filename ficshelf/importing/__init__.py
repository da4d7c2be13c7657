"""Importing story files as works: the web import pages and `ficshelf import`.

The pure importer (`ficshelf.importer`) says what a file holds; this app keeps the
editable drafts, turns them into works and remembers which files were imported.
"""
