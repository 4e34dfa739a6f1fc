"""Engines: documents through the extraction pipeline as a stream, in one process, several, or on a Dask cluster."""
