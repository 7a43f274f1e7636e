"""Licences (证照) at the counter: renewal on commitment from the ticket in hand
(``renewal``), and the one print flow every screen uses to print licences (``printing``:
preview, QPrinter, the print recorded, a reprint's reason asked)."""
