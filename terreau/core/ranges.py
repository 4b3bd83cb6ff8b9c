"""A file answered whole or by the byte range a player asks for (RFC 9110
§ 14: one range; a browser's audio and video players seek with them).
Several ranges in one request are answered with the whole file, which the
RFC allows."""

import re

from django.http import FileResponse, HttpResponse

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(handle, start, length):
    handle.seek(start)
    left = length
    while left > 0:
        data = handle.read(min(CHUNK, left))
        if not data:
            break
        left -= len(data)
        yield data
    handle.close()


def ranged_response(request, handle, size: int, content_type: str):
    """`handle`: an open binary file of `size` bytes (closed once sent)."""
    from django.http import StreamingHttpResponse

    match = RANGE.match(request.headers.get("Range", "").strip())
    if match is None or match.groups() == ("", ""):
        response = FileResponse(handle, content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        response["Content-Length"] = str(size)
        return response
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = "bytes */%d" % size
        return response
    response = StreamingHttpResponse(
        _chunks(handle, start, end - start + 1), status=206, content_type=content_type
    )
    response["Content-Range"] = "bytes %d-%d/%d" % (start, end, size)
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
