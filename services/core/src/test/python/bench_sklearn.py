"""scikit-learn side of io.segstream.core.clustering.bench.ClusteringBench: the same workloads.

    /usr/bin/python3 bench_sklearn.py sweep services/test-fixtures/src/main/resources/sklearn/online_retail_features.csv.gz
    /usr/bin/python3 bench_sklearn.py synthetic /tmp/synthetic.bin 7 8   # BIN written by ClusteringBench
"""
import resource, sys, time
import numpy as np, pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score, calinski_harabasz_score, davies_bouldin_score

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

if sys.argv[1] == 'sweep':
    df = pd.read_csv(sys.argv[2])
    X = df[[c for c in df.columns if c.startswith('scaled_')]].values
    for r in range(int(sys.argv[3]) if len(sys.argv) > 3 else 3):
        t = time.perf_counter()
        for k in range(2, 11):
            km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
            s = silhouette_score(X, km.labels_)
            ch = calinski_harabasz_score(X, km.labels_); db = davies_bouldin_score(X, km.labels_)
        print(f"sweep rows={len(X)} repeat={r} seconds={time.perf_counter() - t:.3f} peak_rss_mb={peak_mb()}")
else:
    d, k = int(sys.argv[3]), int(sys.argv[4])
    X = np.fromfile(sys.argv[2], dtype='<f8').reshape(-1, d)
    for n_init in (1, 10):
        t = time.perf_counter()
        km = KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(X)
        print(f"kmeans rows={len(X)} cols={d} k={k} n_init={n_init} seconds={time.perf_counter() - t:.3f} "
              f"inertia={km.inertia_:.1f} iterations={km.n_iter_} peak_rss_mb={peak_mb()}")
