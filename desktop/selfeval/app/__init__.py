"""The application layer: workflows over the store, importers, exchange and export, Qt-free; the window (``ui``)
and the command line (``cli``) both drive them."""
