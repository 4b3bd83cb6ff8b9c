"""What the places app tells apps above it, which it cannot import.

`place_moved` — a place changed commune (sent with `place`, `old_commune_id`
and `at`, inside the transaction of the change). Rules that rest on where a
place is listen to it: the supports a place gave to calls (`calls`), the
marathons its hosts joined as people who act in the territory
(`challenges`).
"""

from django.dispatch import Signal

place_moved = Signal()
