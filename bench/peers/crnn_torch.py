"""PyTorch peer of `npm run bench -- conv`: S1's base and extended CRNN, the same layers as
genrekit's (input batch norm; blocks of conv 3x3 same, ELU, batch norm, max-pool, dropout 0.1;
2 GRU layers of 32 with dropout 0.3; dense), trained with Adam 1e-4 on random 128 x 130 x 1
inputs in batches of 16, on 1 and on 2 threads. Prints one JSON line:
{"torch": version, "rates": {"crnn": {"1": samples/s, "2": ...}, "crnn-extended": {...}}}.
Needs Debian's python3-torch; the bench prints its own figures alone without it."""
import json, sys, time
import torch
from torch import nn

def crnn(filters, pools):
    layers, cin = [nn.BatchNorm2d(1)], 1
    for f, p in zip(filters, pools):
        layers += [nn.Conv2d(cin, f, 3, padding=1), nn.ELU(), nn.BatchNorm2d(f), nn.MaxPool2d(p), nn.Dropout(0.1)]
        cin = f
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.trunk = nn.Sequential(*layers)
            self.drop = nn.Dropout(0.3)
            self.gru = nn.GRU(cin, 32, num_layers=2, batch_first=True, dropout=0.3)
            self.out = nn.Linear(32, 10)
        def forward(self, x):
            h = self.trunk(x)  # batch x channels x freq x time
            h = h.permute(0, 3, 1, 2).flatten(2)  # batch x time x (channels * freq)
            seq, _ = self.gru(self.drop(h))
            return self.out(seq[:, -1])
    return Net()

def rate(net, threads, seconds):
    torch.set_num_threads(threads)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    x = torch.randn(16, 1, 128, 130)
    y = torch.randint(0, 10, (16,))
    def step():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    step(); step()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds or n < 3:
        step(); n += 1
    return 16 * n / (time.perf_counter() - t0)

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5
torch.manual_seed(0)
cases = {"crnn": ([64, 128, 128, 128], [(2, 2), (4, 2), (4, 2), (4, 2)]),
         "crnn-extended": ([64, 128, 256, 512, 512], [(2, 2), (2, 2), (2, 2), (4, 1), (4, 1)])}
rates = {name: {str(t): rate(crnn(*spec).train(), t, seconds) for t in (1, 2)} for name, spec in cases.items()}
print(json.dumps({"torch": torch.__version__, "rates": rates}))
