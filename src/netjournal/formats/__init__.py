"""Import and export formats, one module each. Writers take a binary file
object and the records to write; they never print on their own."""
