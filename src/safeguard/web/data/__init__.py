"""Data pages: uploading and checking returns, the snapshots, and the child-level rows."""
