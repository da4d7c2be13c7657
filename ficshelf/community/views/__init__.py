"""Readers' pages and buttons, one module per subject: kudos, comments, bookmarks,
subscriptions, inbox, co-creator requests (creatorships), readings (history and Marked
for Later) and stats.

Every button is a plain form that works with JavaScript off. Views stay thin: the
models say what is allowed (raising Refused with a message for the reader).
_shared holds the few helpers the modules share.
"""
