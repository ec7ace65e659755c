"""Import and export formats, one module each, found by name through
:mod:`.registry`. Parsers and writers only: nothing here touches the journal."""
