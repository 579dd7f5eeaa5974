import Dispatch

/// Maps an array on every core, for CPU-bound work over large suites and stores.
enum ParallelMap {
    /// Below this many elements the work is done on the calling thread: spreading it costs more than it saves.
    static let threshold = 256

    /// `transform` applied to each element, results in input order.
    static func map<Element: Sendable, Output: Sendable>(_ elements: [Element], _ transform: @Sendable (Element) -> Output) -> [Output] {
        guard elements.count >= threshold else { return elements.map(transform) }
        let workers = max(1, min(elements.count / (threshold / 2), ProcessInfoCores.count))
        let output = UnsafeMutableBufferPointer<Output?>.allocate(capacity: elements.count)
        output.initialize(repeating: nil)
        defer {
            output.deinitialize()
            output.deallocate()
        }
        // Each worker writes only its own stride of the buffer, so the writes never overlap.
        nonisolated(unsafe) let shared = output
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < elements.count {
                shared[index] = transform(elements[index])
                index += workers
            }
        }
        // Each result is moved out, not copied: a copy of every result would retain what each one holds once more.
        return [Output](unsafeUninitializedCapacity: elements.count) { result, initialized in
            for index in 0..<elements.count {
                (result.baseAddress! + index).initialize(to: (output.baseAddress! + index).move()!)
                (output.baseAddress! + index).initialize(to: nil)
            }
            initialized = elements.count
        }
    }
}
