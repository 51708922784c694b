"""Electronic procedural votes from the delegates' phones: the vote pass and the cast.

By sub-domain: ``passes`` (the link and its phone, reissues), ``checks`` (what a cast
checks), ``box`` (the secret vote's ballot box), ``cast`` (the cast and its refusals).

The pass is a link of one delegate, ``/v/<token>/``: the token is the
delegate's number in the database, the pass's generation and an HMAC of both
under the server's secret key, so nobody can make one without the key and a
reissued pass (the next generation) voids the old link. A reissue takes two
members: one asks, one of the other side confirms (the presidium and the
secretariat), so no one person can hand an absent delegate's vote to a phone
of their own. The first phone that confirms the link gets a random device
secret in a cookie; only the hash of it is kept, and from then on only that
phone is accepted.

A cast checks that the vote is open, that the delegate is present at the
sitting and votes, and that they have not voted yet. In an open (not secret)
vote it then writes who voted and how at once, like the hands the hall sees.

A secret vote's choice is never written alone: it waits in the server
process's ballot box (memory only) until at least ``SECRET_VOTE_BATCH``
others are waiting, and a batch is then written in one transaction: the
has-voted rows of its delegates, in a shuffled order, and the sum of its
choices added to the vote's three counters. The box keeps the newest
``SECRET_VOTE_BATCH`` back, so the batch written when the vote closes is as
large as the others. Whatever copy of the disk anyone takes, the finest step
it shows is one batch: a set of delegates and a sum of choices. The phone is
told "recorded" only once its batch is committed; until then it shows
"sent, not recorded yet" and sends the same choice again every few seconds,
so a server process that dies takes no acknowledged vote with it (docs/hall.md,
"Secrecy of a secret vote").
Every refusal is logged in the audit chain, in its own transaction.
"""

from daihoi.congresses.voting.box import (
    BOX,
    WAIT_SECONDS,
    batch_size,
    mix,
    settle,
    vote_closing,
)
from daihoi.congresses.voting.cast import Ballot, ballot_for, cast_vote, refusal_log, vote_cast
from daihoi.congresses.voting.checks import PRESENT_SECONDS, VOTED_SECONDS, Cast, present_key
from daihoi.congresses.voting.passes import (
    DEVICE_COOKIE,
    REASONS,
    VoteRefused,
    check_device,
    device_hash,
    device_matches,
    is_presidium,
    pass_bind,
    pass_delegate,
    pass_reissue_ask,
    pass_reissue_cancel,
    pass_reissue_confirm,
    pass_token,
    poll_pass,
    token_parts,
)

__all__ = [
    "BOX",
    "DEVICE_COOKIE",
    "PRESENT_SECONDS",
    "REASONS",
    "VOTED_SECONDS",
    "WAIT_SECONDS",
    "Ballot",
    "Cast",
    "VoteRefused",
    "ballot_for",
    "batch_size",
    "cast_vote",
    "check_device",
    "device_hash",
    "device_matches",
    "is_presidium",
    "mix",
    "pass_bind",
    "pass_delegate",
    "pass_reissue_ask",
    "pass_reissue_cancel",
    "pass_reissue_confirm",
    "pass_token",
    "poll_pass",
    "present_key",
    "refusal_log",
    "settle",
    "token_parts",
    "vote_cast",
    "vote_closing",
]
