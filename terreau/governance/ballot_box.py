"""The box of a secret ballot: sealed when a vote is cast, opened shuffled
when the results are counted. The threat model is docs/secret-ballot.md.

- Each assembly has a key pair (X25519). The public key seals every choice
  of its secret ballots (libsodium's sealed box, through PyNaCl: an ephemeral
  key per ballot, so two identical choices give unrelated ciphertexts, and
  nobody, the voter included, can later show what a ciphertext holds). The
  choice is padded to a fixed length: the ciphertext's size says nothing.
- The private key is stored with the assembly, itself encrypted with a key
  derived from the server's `SECRET_KEY`, which lives outside the database:
  a copy of the database alone opens no ballot.
- At the count, every sealed ballot is opened, the choices are shuffled and
  written in one statement to the opened box (`CountedBallot`: resolution,
  college, choice; a random key), then the ciphertexts and the private key
  are erased. Nothing that remains links a choice to the roll.
- The voter's receipt is a tracker: a digest of the ciphertext. It proves
  that the ballot is in the box that was counted, never what it said.
"""

import hashlib
import secrets

from django.conf import settings
from nacl import encoding, exceptions, public, secret
from nacl.hash import blake2b

# Every choice is padded to this many bytes before sealing ("abstention" is 10).
PADDED = 16
TRACKER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud


def _vault_keys() -> list[bytes]:
    """Keys of the box that protects private keys: derived from SECRET_KEY,
    then from its fallbacks (a key rotated during a vote still opens)."""
    return [
        blake2b(
            key.encode(),
            key=b"terreau-ballot-keys",
            digest_size=secret.SecretBox.KEY_SIZE,
            encoder=encoding.RawEncoder,
        )
        for key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    ]


def new_key_pair() -> tuple[str, bytes]:
    """(public key in hex, private key sealed for storage)."""
    private = public.PrivateKey.generate()
    vault = secret.SecretBox(_vault_keys()[0])
    return private.public_key.encode(encoding.HexEncoder).decode(), bytes(
        vault.encrypt(bytes(private))
    )


def open_private_key(stored: bytes) -> public.PrivateKey:
    for key in _vault_keys():
        try:
            return public.PrivateKey(secret.SecretBox(key).decrypt(bytes(stored)))
        except exceptions.CryptoError:
            continue
    raise ValueError("the ballot key does not open with SECRET_KEY nor its fallbacks")


def seal(public_key: str, choice: str) -> bytes:
    raw = choice.encode()
    if len(raw) > PADDED:
        raise ValueError("choice too long to seal")
    padded = raw + b"\0" * (PADDED - len(raw))
    key = public.PublicKey(public_key.encode(), encoder=encoding.HexEncoder)
    return bytes(public.SealedBox(key).encrypt(padded))


def unseal(private_key: public.PrivateKey, sealed: bytes) -> str:
    return public.SealedBox(private_key).decrypt(bytes(sealed)).rstrip(b"\0").decode()


def tracker(sealed: bytes) -> str:
    """Twelve characters from the ciphertext's SHA-256, as XXXX-XXXX-XXXX."""
    number = int.from_bytes(hashlib.sha256(bytes(sealed)).digest(), "big")
    characters = []
    for _ in range(12):
        number, index = divmod(number, len(TRACKER_ALPHABET))
        characters.append(TRACKER_ALPHABET[index])
    code = "".join(characters)
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


def shuffled(items: list) -> list:
    """A copy in an order drawn by the operating system's random source."""
    items = list(items)
    secrets.SystemRandom().shuffle(items)
    return items
