// Start-up floor: a Swift program that loads Foundation and FoundationNetworking (libcurl), as an HTTP client would.
import Foundation
import FoundationNetworking

let request = URLRequest(url: URL(fileURLWithPath: "/"))
print("floor: networking \(request.httpMethod ?? "GET")")
