using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>
/// DEPENDENCIES.md: the full SignalR .NET client does not restore here, Client.Core does. This is
/// the transport it lacks: WebSockets only, negotiate skipped (the server allows that for WebSockets).
/// </summary>
public sealed class WebSocketConnectionFactory : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var uri = ((UriEndPoint)endpoint).Uri;
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, cancellationToken);
        return new WebSocketConnection(socket);
    }

    private sealed class WebSocketConnection : ConnectionContext
    {
        private readonly ClientWebSocket socket;
        private readonly Pipe incoming = new();
        private readonly Pipe outgoing = new();
        private readonly CancellationTokenSource stopping = new();
        private readonly Task receiving;
        private readonly Task sending;

        public WebSocketConnection(ClientWebSocket socket)
        {
            this.socket = socket;
            Transport = new DuplexPipe(incoming.Reader, outgoing.Writer);
            receiving = ReceiveAsync();
            sending = SendAsync();
        }

        public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

        public override IDuplexPipe Transport { get; set; }

        public override void Abort(ConnectionAbortedException abortReason) => stopping.Cancel();

        public override async ValueTask DisposeAsync()
        {
            await outgoing.Writer.CompleteAsync();
            await stopping.CancelAsync();
            await Task.WhenAll(receiving, sending).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            socket.Dispose();
            stopping.Dispose();
            await base.DisposeAsync();
        }

        private async Task ReceiveAsync()
        {
            Exception? error = null;
            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    var memory = incoming.Writer.GetMemory(4096);
                    var result = await socket.ReceiveAsync(memory, stopping.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    incoming.Writer.Advance(result.Count);
                    if (result.EndOfMessage && (await incoming.Writer.FlushAsync(stopping.Token)).IsCompleted)
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                error = stopping.IsCancellationRequested ? null : e;
            }

            await incoming.Writer.CompleteAsync(error);
        }

        private async Task SendAsync()
        {
            try
            {
                while (true)
                {
                    var result = await outgoing.Reader.ReadAsync(stopping.Token);
                    // One WebSocket message per read: a UTF-8 character may straddle two segments.
                    ReadOnlyMemory<byte> previous = default;
                    var any = false;
                    foreach (var segment in result.Buffer)
                    {
                        if (any)
                        {
                            await socket.SendAsync(previous, WebSocketMessageType.Text, endOfMessage: false, stopping.Token);
                        }

                        previous = segment;
                        any = true;
                    }

                    if (any)
                    {
                        await socket.SendAsync(previous, WebSocketMessageType.Text, endOfMessage: true, stopping.Token);
                    }

                    outgoing.Reader.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }

                if (socket.State == WebSocketState.Open)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The connection is going away either way.
            }
            finally
            {
                // Whatever ended the sending also ends the receiving, so HubConnection never waits forever.
                stopping.CancelAfter(TimeSpan.FromSeconds(2));
            }

            await outgoing.Reader.CompleteAsync();
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
