/// One run the tutor asks the session's sandbox host to start, as it crosses the socket.
///
/// Both sides use this one definition: the tutor encodes it (``encoded``), the host decodes it
/// (``init(decoding:)``). The descriptors the run writes to travel beside it (SCM_RIGHTS), in the
/// order of ``Descriptor``. It is plain Swift, without Foundation, because the host is a small
/// program that forks for every run and must start fast and stay single-threaded.
public struct SandboxRequest: Sendable, Hashable {
    /// The program, an absolute path.
    public var executable: String
    /// `argv`, its first element included.
    public var arguments: [String]
    /// `NAME=value` entries.
    public var environment: [String]
    /// Where the run starts; it becomes a tmpfs holding copies of the files the tutor put there.
    public var workingDirectory: String?
    /// The size of each tmpfs (`/tmp`, the working directory).
    public var tmpfsBytes: Int
    /// RLIMIT_CPU's soft limit; the hard one is a second above it.
    public var cpuSeconds: Int
    public var memoryBytes: Int?
    public var fileSizeBytes: Int?
    /// More processes than this in the run (a fork loop) stop it.
    public var maximumProcesses: Int?
    /// Files under a folder the run's tmpfs hides (a program or script under `/tmp`) that the run
    /// needs, bound back read-only at the same path.
    public var keptPaths: [String]
    /// Whether a control channel comes with it, to be descriptor 3 of the program.
    public var hasControlChannel: Bool

    /// The descriptors beside a request, in this order; the control channel only when asked for.
    public enum Descriptor: Int, Sendable {
        case supervision = 0, standardOutput, standardError, control
    }

    public init(
        executable: String, arguments: [String], environment: [String], workingDirectory: String?,
        tmpfsBytes: Int, cpuSeconds: Int, memoryBytes: Int?, fileSizeBytes: Int?, maximumProcesses: Int?,
        keptPaths: [String], hasControlChannel: Bool
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.tmpfsBytes = tmpfsBytes
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.fileSizeBytes = fileSizeBytes
        self.maximumProcesses = maximumProcesses
        self.keptPaths = keptPaths
        self.hasControlChannel = hasControlChannel
    }

    /// How many descriptors come with the request.
    public var descriptorCount: Int { hasControlChannel ? 4 : 3 }

    /// Fields as `tag` byte + value + NUL; a value never holds a NUL (C strings cannot).
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        func field(_ tag: Unicode.Scalar, _ value: String) {
            bytes.append(UInt8(tag.value))
            bytes += value.utf8.filter { $0 != 0 }
            bytes.append(0)
        }
        field("x", executable)
        for argument in arguments { field("a", argument) }
        for entry in environment { field("e", entry) }
        if let workingDirectory { field("d", workingDirectory) }
        field("t", String(tmpfsBytes))
        field("c", String(cpuSeconds))
        if let memoryBytes { field("m", String(memoryBytes)) }
        if let fileSizeBytes { field("f", String(fileSizeBytes)) }
        if let maximumProcesses { field("p", String(maximumProcesses)) }
        for path in keptPaths { field("k", path) }
        if hasControlChannel { field("C", "1") }
        return bytes
    }

    /// Nil when the bytes are not a request (a field without its NUL, an unknown tag, a number
    /// that is not one, no program).
    public init?(decoding bytes: some BidirectionalCollection<UInt8>) {
        var executable: String?
        var arguments: [String] = []
        var environment: [String] = []
        var workingDirectory: String?
        var tmpfsBytes: Int?
        var cpuSeconds: Int?
        var memoryBytes: Int?
        var fileSizeBytes: Int?
        var maximumProcesses: Int?
        var keptPaths: [String] = []
        var hasControlChannel = false
        guard bytes.last == 0 || bytes.isEmpty else { return nil }
        for field in bytes.split(separator: 0, omittingEmptySubsequences: true) {
            guard let tag = field.first else { return nil }
            let value = String(decoding: field.dropFirst(), as: UTF8.self)
            switch Character(Unicode.Scalar(tag)) {
            case "x": executable = value
            case "a": arguments.append(value)
            case "e": environment.append(value)
            case "d": workingDirectory = value
            case "t": tmpfsBytes = Int(value)
            case "c": cpuSeconds = Int(value)
            case "m": guard let number = Int(value) else { return nil }; memoryBytes = number
            case "f": guard let number = Int(value) else { return nil }; fileSizeBytes = number
            case "p": guard let number = Int(value) else { return nil }; maximumProcesses = number
            case "k": keptPaths.append(value)
            case "C": hasControlChannel = true
            default: return nil
            }
        }
        guard let executable, let tmpfsBytes, let cpuSeconds else { return nil }
        self.init(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            tmpfsBytes: tmpfsBytes, cpuSeconds: cpuSeconds, memoryBytes: memoryBytes, fileSizeBytes: fileSizeBytes,
            maximumProcesses: maximumProcesses, keptPaths: keptPaths, hasControlChannel: hasControlChannel)
    }
}
