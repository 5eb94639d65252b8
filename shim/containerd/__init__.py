"""containerd's own API, spoken directly where a nerdctl call would cost more than the answer.

A listing through nerdctl costs a Go start-up and a round trip per container (150 ms for 50 containers
here, 400 ms for an inspect of them); containerd answers the same question in two calls of a few
milliseconds. grpcio would cost 65 ms of import alone, so `grpc.py` speaks the little of HTTP/2 and
`wire.py` the little of protobuf that unary calls need. Callers fall back to nerdctl on any failure:
what is read or written here only ever saves time, it never decides an error.
"""
