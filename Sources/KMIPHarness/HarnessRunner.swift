import Foundation
import KMIPClient
import KMIPSpec
public import TTLV
import TTLVText

/// Runs vector files against a server: each file's requests in order on one connection
/// (kept open from file to file), each response compared with the recording.
public final class HarnessRunner: Sendable {
    /// What the runner needs from the outside world.
    public struct Settings: Sendable {
        public var overrides = Overrides()
        /// See `ResponseComparator.timeTolerance`.
        public var timeTolerance: Int64 = 3600
        /// Limits for reading vector files.
        public var limits = TTLVTextOptions()
        /// Limits for reading responses.
        public var decoding = TTLVDecodingOptions()
        /// Called before each file runs, except a `chain` file (the in-process server clears
        /// its objects here).
        public var beforeEachFile: (@Sendable () async -> Void)?
        /// Called before a step with the seconds the recording says had passed since the file's
        /// first response (from the Time Stamps), so that dates are reached as they were; only
        /// a server in this process can follow (`SelfServer.moveClock`).
        public var moveClock: (@Sendable (_ elapsed: Int64) async -> Void)?

        public init() {}
    }

    /// Progress for a live line: files done so far, the total, and the file now finished.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ result: FileResult) -> Void

    private let open: @Sendable () async throws -> KMIPRawConnection
    private let settings: Settings
    private let state = ConnectionState()

    /// - Parameter open: opens a connection to the server under test.
    public init(settings: Settings, open: @escaping @Sendable () async throws -> KMIPRawConnection) {
        self.settings = settings
        self.open = open
    }

    /// A runner that connects with `client`'s settings.
    public convenience init(client: KMIPClient, settings: Settings) {
        self.init(settings: settings) { try await client.openRawConnection() }
    }

    /// The vector files under `paths` (files, or folders searched for `*.xml`), sorted per folder.
    public static func vectorFiles(_ paths: [String]) throws(HarnessError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw HarnessError(.notFound, file: path, reason: "no such file or folder")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".xml") } ?? []
            files += found.sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }

    /// Runs every file, in order.
    public func run(files: [String], progress: Progress? = nil) async -> [FileResult] {
        var results: [FileResult] = []
        for file in files {
            let result = await run(file: file)
            results.append(result)
            progress?(results.count, files.count, result)
        }
        await state.close()
        return results
    }

    /// Runs one file.
    public func run(file path: String) async -> FileResult {
        let name = (path as NSString).lastPathComponent
        if let reason = settings.overrides.skipReason(path) {
            return FileResult(path: path, name: name, profile: VectorFile.profile(fileName: name), version: nil, status: .skipped(reason), steps: 0)
        }
        let marks = PlaceholderMarks()
        let vectors: VectorFile
        do {
            vectors = try VectorFile(path: path, marks: marks, limits: settings.limits)
        } catch {
            return FileResult(path: path, name: name, profile: VectorFile.profile(fileName: name), version: nil, status: .unreadable(error), steps: 0)
        }
        let started = Date()
        let chained = settings.overrides.chainReason(path) != nil
        if !chained, let beforeEachFile = settings.beforeEachFile {
            await beforeEachFile()
            // It may have set the server's clock back.
            await state.forgetClock()
        }
        var result = await run(vectors, marks: marks, chained: chained)
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Runs a file already read (its marks from `marks`). A `chained` file starts knowing
    /// which objects the previous file's server generated, and with which parameters.
    public func run(_ vectors: VectorFile, marks: PlaceholderMarks, chained: Bool = false) async -> FileResult {
        var bindings = Bindings()
        if chained { (bindings.generated, bindings.parameters) = await state.objectFacts }
        let result = await run(vectors, marks: marks, bindings: &bindings)
        await state.keep((bindings.generated, bindings.parameters))
        return result
    }

    private func run(_ vectors: VectorFile, marks: PlaceholderMarks, bindings: inout Bindings) async -> FileResult {
        var result = FileResult(path: vectors.path, name: vectors.name, profile: vectors.profile, version: vectors.version, status: .passed, steps: 0)
        var comparator = ResponseComparator(marks: marks)
        comparator.timeTolerance = settings.timeTolerance
        comparator.exercised = Set(vectors.steps.flatMap { Self.leaves($0.request, tags: [.operation, .objectType]) })
        let binder = RequestBinder(marks: marks)
        // The recorded time passing: the steps' Time Stamps going forward by an hour or less
        // (some files join recordings made a year apart, or go back).
        var recorded: (stamp: Int64?, elapsed: Int64) = (nil, 0)
        for (index, step) in vectors.steps.enumerated() {
            result.steps = index + 1
            if let stamp = ResponseComparator.timeStamp(of: step.expected) {
                if let previous = recorded.stamp, (1...settings.timeTolerance).contains(stamp - previous) {
                    recorded.elapsed += stamp - previous
                    await settings.moveClock?(recorded.elapsed)
                }
                recorded.stamp = stamp
            }
            if VariationRules.isOptionalRequest(step.request) { continue }
            guard var mismatch = await self.step(step, binder: binder, comparator: comparator, bindings: &bindings) else { continue }
            mismatch.step = index
            if let reason = settings.overrides.knownReason(vectors.path, step: index) {
                result.knownSteps.append((index, mismatch, reason))
                continue
            }
            if let reason = settings.overrides.knownReason(vectors.path, step: nil) {
                result.status = .known(mismatch, reason: reason)
            } else {
                result.status = .failed(mismatch)
            }
            return result
        }
        if let first = result.knownSteps.first {
            result.status = .known(first.mismatch, reason: first.reason)
        } else {
            result.staleOverride = settings.overrides.knownReason(vectors.path, step: nil)
        }
        return result
    }

    /// Every leaf with one of `tags` under `item`.
    static func leaves(_ item: TTLVItem, tags: Set<Tag>) -> [TTLVItem] {
        if case .structure(let children) = item.value { return children.flatMap { leaves($0, tags: tags) } }
        return tags.contains(item.tag) ? [item] : []
    }

    private func step(_ step: VectorFile.Step, binder: RequestBinder, comparator: ResponseComparator, bindings: inout Bindings) async -> Mismatch? {
        let connection: KMIPRawConnection
        do {
            connection = try await state.connection(open)
        } catch {
            return Mismatch(.noResponse, path: [], reason: "cannot connect: \(error)", expected: nil, actual: nil)
        }
        let request: TTLVItem
        let datesBefore = bindings.sentDates
        switch binder.bind(step.request, bindings: &bindings, serverNow: await state.serverNow(connection)) {
        case .success(let bound): request = bound
        case .failure(let mismatch): return mismatch
        }
        let bytes: [UInt8]
        do {
            bytes = try TTLVEncoder.encode(request)
        } catch {
            return Mismatch(.requestError, path: ["RequestMessage"], reason: "the request cannot be encoded: \(error)", expected: nil, actual: nil)
        }
        let response: TTLVItem
        do {
            let answer = try await connection.send(bytes)
            response = try TTLVDecoder.decode(answer, options: settings.decoding)
        } catch {
            await state.drop()
            return Mismatch(.noResponse, path: ["ResponseMessage"], reason: "no usable response: \(error)", expected: step.expected, actual: nil)
        }
        await state.sawResponse(response)
        defer { bindings.noteLatest(response) }
        let mismatch = comparator.compare(expected: step.expected, actual: response, request: request, bindings: &bindings)
        // A request the server refused set no dates (TC-IMPEXP-3 imports over an object in vain).
        if !Self.anySucceeded(response) { bindings.sentDates = datesBefore }
        return mismatch
    }

    /// Whether a batch item of `response` succeeded.
    static func anySucceeded(_ response: TTLVItem) -> Bool {
        response.all(.batchItem).contains { $0[.resultStatus]?.value == .enumeration(ResultStatus.success.rawValue) }
    }
}
