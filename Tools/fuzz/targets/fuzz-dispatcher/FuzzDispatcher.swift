// libFuzzer entry point: the server's request dispatcher with an in-memory store and every
// standard operation: request bytes in, response bytes out. Every input must get a response
// that decodes as a Response Message. Built only with KMIP_FUZZ=1.
import Dispatch
import KMIP
import KMIPServer
import TTLV

/// Runs `body` to completion from libFuzzer's synchronous callback.
private func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: T?
    Task {
        result = await body()
        done.signal()
    }
    done.wait()
    return result!
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDispatcher(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let response = runBlocking {
        // A fresh store per input keeps runs independent and memory flat.
        let dispatcher = Dispatcher(store: MemoryObjectStore(sequentialIdentifiers: true), clock: { 1_700_000_000 },
                                    handlers: StandardOperations.all)
        return await dispatcher.handle(bytes, client: "fuzz").response
    }
    guard (try? ResponseMessage(ttlv: TTLVDecoder.decodeMessage(response))) != nil else {
        fatalError("the dispatcher answered with bytes that are not a Response Message")
    }
    return 0
}
