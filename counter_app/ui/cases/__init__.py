"""Cases (办件) at the counter: the application form beside the counter panel (``desk``,
``form``), and finding cases (``search``)."""
