// The session's sandbox host: started once inside bubblewrap, it starts every contained run of
// the session in namespaces of its own (see HostLoop), so a run pays a few forks instead of a
// sandbox start. Descriptor 3 is its socket to the tutor.
#if os(Linux)
HostLoop.serve(socket: 3)
#else
print("stepwise-sandbox runs on Linux only")
#endif
