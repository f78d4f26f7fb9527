"""Word papers in the County's house style (docs/formats.md): minutes, action logs,
recommendation papers and packs. Never imports PySide6.

Layers, each used by the one after:

- ``kinds`` (and ``plain``, no python-docx): the kinds of paper by one name each
  (``"action_log"`` in code, ``action-log`` on the command line) and the items naming a
  paper; ``plain.sanitize`` — the one sanitizer every string passes (Word's ``\\x0b``, CR
  and ``\\x0c`` become line breaks, other control characters and unencodable code points
  go; emoji and right-to-left text stay).
- ``text``: ``add_text`` writes sanitized text into runs, ``"\\n"`` as Word line breaks.
- ``template``: the house templates in ``resources/templates/`` (built by
  ``tools/build_templates.py``) or a replacement of the same name in
  ``<data folder>/templates/``, refused (``TemplateError``) if it lacks any of
  ``TEMPLATE_STYLES``.
- ``document``: ``start_paper(kind, PaperSetup, data_dir)`` writes the header (authority,
  classification, the "UNCONFIRMED" banner on draft minutes) and footer ("<reference> ·
  version <n> · Page X of Y" with PAGE/NUMPAGES fields); helpers add headings, numbered
  paragraphs, lettered sub-points and tables (row by row) by style name; ``numbering``
  gives Word's own list numbers, ``columns.fit_columns`` widens a column too narrow for
  its longest word, ``package`` sets the document's own properties.
- ``output``: ``publish`` settles the footer's version, writes the file through a
  temporary file renamed into place (``PaperWriteError`` with one sentence, existing file
  intact) and records it in ``PaperRegistry``; ``PaperServices`` bundles the core services
  a generator reads.
- generators, ``render_X(...) -> Document`` and ``X_paper(services, id, out_path,
  confidential, by) -> PaperRecord``: ``minutes`` (reading in ``minutes_data``, words in
  ``minutes_words``), ``action_log`` (``action_log_data``), ``recommendation``
  (``recommendation_data``, ``recommendation_words``, ``recommendation_front``) and
  ``pack`` (``pack_compose``, ``pack_pages``).
- ``service``: ``PapersService`` resolves the references people type and writes papers
  (the command line's and the window's way in).

Paper references (printed in the footer; with the kind and the confidential flag they
identify a paper in the registry, whose versions count its changes):

- minutes: ``<group code>/M<meeting number>`` — "BESD/M12" (``minutes_reference``);
- action log: ``<group code>/AL``, or ``ALL/AL`` for every group (``action_log_reference``);
- recommendation paper: ``<recommendation reference>/P`` — "BESD-R3/P"
  (``recommendation_reference``);
- pack: ``PACK/<title in capitals, words joined by hyphens>`` — "PACK/SMT-6-OCTOBER-2010"
  (``pack_reference``).

The public and the confidential version of a paper share its reference; the header's
classification ("UNRESTRICTED" / "RESTRICTED — not for publication") tells them apart, and
the registry versions each separately.

Versions: the bytes of a paper are deterministic, so a paper regenerated from unchanged
data is the same file and keeps its version; any change raises it by one (see
``output.publish``).
"""
