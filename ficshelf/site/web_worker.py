"""Gunicorn's threaded worker, giving a connection a thread only once its request head is in.

Gunicorn's gthread worker hands every new connection to a thread, which waits up to
5 s for a first byte and then reads the request head with blocking reads. Fifty
browser preconnects (connections that send nothing), or fifty slowloris clients that
send a header line now and then, therefore keep every thread of three workers busy,
and a reader's request waits its turn for many seconds. Here the worker's poller holds
a connection, at the cost of a file descriptor and a small buffer, until its head
(request line and headers, up to the blank line) has arrived whole, then hands it to
a thread. A head that takes longer than REQUEST_HEAD_TIMEOUT is dropped.

A slow request body still holds a thread while the app reads it: in production nginx
buffers bodies before passing them on (docs/deploy.md, "Processes and workers").
"""

import errno
import selectors
import socket
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

REQUEST_HEAD_TIMEOUT = 10.0
# Past this many bytes the head is handed over anyway, for gunicorn's parser to refuse.
MAX_HEAD_BYTES = 64 * 1024
HEAD_END = b"\r\n\r\n"


class HeadFirstThreadWorker(ThreadWorker):
    def accept(self, listener: socket.socket) -> None:
        if self.cfg.is_ssl or self.cfg.http2_cleartext != "off":
            # TLS handshakes and HTTP/2 prefaces happen in gunicorn's threads (Ficshelf
            # speaks plain HTTP/1.1 to nginx, which terminates TLS).
            return super().accept(listener)
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self._await_head(TConn(self.cfg, client, address, listener.getsockname()))

    def on_client_socket_readable(self, conn: TConn, client: socket.socket) -> None:
        """A kept-alive connection's next request must arrive whole too."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._await_head(conn)

    def on_pending_socket_readable(self, conn: TConn, client: socket.socket) -> None:
        try:
            data = client.recv(MAX_HEAD_BYTES)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the client went away
            self._forget_pending(conn)
            self.nr_conns -= 1
            conn.close()
            return
        conn.head += data
        if HEAD_END not in conn.head and len(conn.head) < MAX_HEAD_BYTES:
            return
        self._forget_pending(conn)
        conn.init()  # the parser, reading from the socket once the buffered head is used up
        conn.parser.unreader.unread(bytes(conn.head))
        conn.data_ready = True
        self.enqueue_req(conn)

    def _await_head(self, conn: TConn) -> None:
        conn.sock.setblocking(False)
        conn.head = bytearray()
        # Every pending connection gets the same timeout from now, so the deque stays in
        # deadline order, as gunicorn's murder_pending() expects.
        conn.timeout = time.monotonic() + REQUEST_HEAD_TIMEOUT
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def _forget_pending(self, conn: TConn) -> None:
        self.poller.unregister(conn.sock)
        self.pending_conns.remove(conn)
