"""Boilerplate residue: the pieces of a web page that an extractor kept around the article."""
