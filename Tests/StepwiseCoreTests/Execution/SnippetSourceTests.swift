import Testing

@testable import StepwiseCore

struct SnippetSourceTests {
    @Test func hidesLinesMarkedWithHashSpaceAndMapsLineNumbers() {
        let source = SnippetSource("# import Foundation\nlet a = 1\n#\n#if DEBUG\nprint(a)\n#endif\n")
        #expect(source.visibleLineCount == 4)
        #expect(source.compiledText == "import Foundation\nlet a = 1\n\n#if DEBUG\nprint(a)\n#endif")
        #expect(source.programLine(forVisibleLine: 1) == 2)
        #expect(source.programLine(forVisibleLine: 2) == 4)
        #expect(source.visibleLine(forProgramLine: 3) == nil)
        #expect(source.visibleLine(forProgramLine: 5) == 3)
        #expect(source.visibleLineCount == 4)
        #expect(source.hasHiddenLines)
    }

    @Test func computesSHA256() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(String(repeating: "a", count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func parsesCompilerHeaders() throws {
        let header = try #require(CompilerOutputParser.parseHeader("snippet.swift:3:14: error: cannot convert 'a:b'"))
        #expect(header.file == "snippet.swift")
        #expect(header.line == 3)
        #expect(header.column == 14)
        #expect(header.message == "cannot convert 'a:b'")
        #expect(CompilerOutputParser.parseHeader("print(\"x\")") == nil)
        let unknown = try #require(CompilerOutputParser.parseHeader("<unknown>:0: error: unable to load"))
        #expect(unknown.file.isEmpty)
    }

    @Test func findsInterpreterJobsInDriverOutput() throws {
        let command = try #require(
            Toolchain.parseInterpreterJob(
                "/bin/sh -frontend -interpret STEPWISE_MAIN_FILE.swift -module-name main '-plugin-path' '/a b/c' "
                    + "# ProcessEnvironmentKey(value: \"LD_LIBRARY_PATH\")=/x/lib"))
        #expect(command.arguments.contains("/a b/c"))
        #expect(command.environment == ["LD_LIBRARY_PATH": "/x/lib"])
        #expect(
            command.arguments(mainFile: "/t/main.swift", otherFiles: ["/t/s.swift"]).prefix(5)
                == ["/bin/sh", "-frontend", "-interpret", "/t/main.swift", "/t/s.swift"])
    }

    @Test func explainsHowToInstallSwiftWhenNoCompilerIsFound() async {
        await #expect {
            try await Toolchain.locate(environment: ["PATH": "/nonexistent-bin"], stateDirectory: nil)
        } throws: { error in
            let text = "\(error)"
            return (error as? ToolchainError) == .notFound(searched: ["/nonexistent-bin"])
                && text.contains("https://swift.org/install") && text.contains("swiftly")
        }
    }
}
