"""Registration numbers (gap-free per division and year) and verification codes (unguessable)."""

import secrets

from jianfu.packs.active import active_engine
from jianfu.registry.models import Demand, RegistrationCounter

# No 0/O, 1/I/L: a code is read aloud over the phone and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31^12 ≈ 2^59


def verification_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def registration_number_take(demand: Demand) -> str:
    """Must run inside the transaction that registers the demand: the counter row stays locked until
    it commits, so a concurrent registration waits and takes the next serial, and a rolled-back one
    gives its serial back."""
    counter, _ = RegistrationCounter.objects.get_or_create(division=demand.division, year=demand.year)
    counter = RegistrationCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    pack = active_engine().pack
    prefix = "" if demand.division.code == pack.jurisdiction else f"{demand.division.code}-"
    return pack.registration_format.format(year=demand.year, serial=counter.last_serial, division=prefix)
