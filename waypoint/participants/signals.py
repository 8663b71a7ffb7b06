"""What participants' writes tell the apps that build on participants (which this app
cannot import: they import it)."""

from django.dispatch import Signal

# Sent by ``merge_participants`` inside its transaction, with both records locked and
# before ``drop`` is marked merged, as ``send(Participant, keep=..., drop=...)``. A
# receiver moves what it holds of ``drop`` to ``keep`` in that same transaction (an
# exception undoes the whole merge) and returns the number of visits it moved, or 0.
participant_merged = Signal()
