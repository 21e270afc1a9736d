"""Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5.

UTF-8 is tried first and strictly; otherwise charset-normalizer chooses among the Chinese legacy
encodings. Bytes that none of them decode are refused with the offset of the first byte UTF-8
rejects, as a user fixing the file needs.
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ...errors import CorpusError
from . import Extract

LEGACY = ("gb18030", "big5")
_SHORT = 64        # below this many bytes GBK and Big5 cannot be told apart; GB18030 (the mainland default) wins
_BINARY_SNIFF = 8192


def read_text(data: bytes, name: str) -> Extract:
    text, encoding = decode(data, name)
    return Extract(text.replace("\r\n", "\n").replace("\r", "\n"), "txt", encoding)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name) of a text file's bytes; CorpusError when it is binary or undecodable."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise CorpusError(f"{name}: starts with a {encoding} byte-order mark but byte 0x{data[e.start]:02x} "
                                  f"at offset {e.start} is not {encoding}; re-save the file as UTF-8") from None
    nul = data.find(b"\x00", 0, _BINARY_SNIFF)
    if nul >= 0:
        raise CorpusError(f"{name}: binary file (NUL byte at offset {nul}); "
                          f"only text, PDF, .docx and HTML documents are indexed")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        error = e
    encoding = legacy_encoding(data)
    if encoding is None:
        line = data.count(b"\n", 0, error.start) + 1
        raise CorpusError(f"{name}: not UTF-8, GB18030 or Big5: byte 0x{data[error.start]:02x} at offset {error.start} "
                          f"(line {line}) is not UTF-8; re-save the file as UTF-8") from None
    return data.decode(encoding), encoding


def legacy_encoding(data: bytes) -> str | None:
    """GB18030 or Big5 as charset-normalizer judges `data`, None when neither reads it cleanly."""
    if len(data) < _SHORT:
        try:
            data.decode("gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data, cp_isolation=list(LEGACY)).best()
    if best is None:
        return None
    return "gb18030" if best.encoding in ("gb18030", "gbk", "gb2312") else best.encoding
