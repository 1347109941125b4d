"""Home page, standard and legal pages, site-wide snippets and settings."""
