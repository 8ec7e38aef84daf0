"""How long a text that people type may be. One place, so that the model (and
its ModelForms and ModelSerializers), the plain forms and the API serializers
agree: a longer text is refused with a message beside the field, never stored
(an 11-million-character note once made a report page weigh 11,5 MB)."""

# Notes, reasons, comments: a paragraph or two.
NOTE_CHARS = 2_000
# Findings, recommendations, progress reports, summaries, guidance: a page or a few.
TEXT_CHARS = 20_000
