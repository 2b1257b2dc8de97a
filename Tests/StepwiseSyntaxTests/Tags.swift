import Testing

extension Tag {
    /// Pure logic: no compiler, no child process, no terminal; the whole set runs in seconds.
    @Tag static var fast: Self
    /// Runs the Swift toolchain or child processes.
    @Tag static var compiler: Self
    /// Drives the built binary or a pseudo-terminal.
    @Tag static var terminal: Self
}
