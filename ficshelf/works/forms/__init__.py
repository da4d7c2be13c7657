"""Posting forms, one module per subject. Each validates everything before a view writes anything.

fields (the one-time token, HTML fields and the text-format choice they share),
work (WorkForm, and NewWorkForm with the first chapter), chapter (ChapterFieldsForm,
ChapterForm), series (SeriesForm) and ordering (OrderForm, for chapters and series parts).
"""
