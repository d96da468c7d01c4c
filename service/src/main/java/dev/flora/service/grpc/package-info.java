/** What every gRPC endpoint of the service shares about calls and their threads. */
package dev.flora.service.grpc;
