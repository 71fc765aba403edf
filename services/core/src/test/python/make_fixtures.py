"""Builds the scikit-learn fixtures the clustering tests compare against.

Same RFM features, log1p and StandardScaler as /work/shared/bench/baseline_sklearn.py,
so the Java tests read the matrices instead of depending on the features package.

Run from the repository root with the system Python (pandas + scikit-learn):
    /usr/bin/python3 services/core/src/test/python/make_fixtures.py
"""
import gzip, os, sys
import numpy as np, pandas as pd, sklearn
from sklearn.preprocessing import StandardScaler
from sklearn.cluster import KMeans, AgglomerativeClustering, DBSCAN
from sklearn.metrics import silhouette_score, calinski_harabasz_score, davies_bouldin_score

src = sys.argv[1] if len(sys.argv) > 1 else 'data/online-retail/online_retail.csv.gz'
out = sys.argv[2] if len(sys.argv) > 2 else 'services/test-fixtures/src/main/resources/sklearn'
cols = ['recency', 'frequency', 'monetary', 'length', 'unique_products', 'avg_spend']

df = pd.read_csv(src, dtype={'InvoiceNo': str, 'StockCode': str, 'CustomerID': str})
df = df.dropna(subset=['CustomerID']).drop_duplicates()
df['InvoiceDate'] = pd.to_datetime(df['InvoiceDate'])
df['Amount'] = df['Quantity'] * df['UnitPrice']
snap = df['InvoiceDate'].max() + pd.Timedelta(days=1)
g = df.groupby('CustomerID')
rfm = pd.DataFrame({
    'recency': (snap - g['InvoiceDate'].max()).dt.days,
    'frequency': g['InvoiceNo'].nunique(),
    'monetary': g['Amount'].sum(),
    'length': (g['InvoiceDate'].max() - g['InvoiceDate'].min()).dt.days,
    'unique_products': g['StockCode'].nunique(),
})
rfm['avg_spend'] = rfm['monetary'] / rfm['frequency']
rfm = rfm[rfm['monetary'] > 0]
raw = rfm[cols].values.astype(float)
X = np.log1p(np.clip(raw, 0, None))
scaler = StandardScaler().fit(X)
Xs = scaler.transform(X)

table = pd.DataFrame(index=rfm.index)
for j, c in enumerate(cols):
    table['raw_' + c] = raw[:, j]
for j, c in enumerate(cols):
    table['scaled_' + c] = Xs[:, j]
rows = []
for k in range(2, 11):
    km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(Xs)
    lab = km.labels_
    table[f'kmeans_k{k}'] = lab
    rows.append((k, km.inertia_, silhouette_score(Xs, lab), calinski_harabasz_score(Xs, lab),
                 davies_bouldin_score(Xs, lab), km.n_iter_))
table['ward_k4'] = AgglomerativeClustering(n_clusters=4, linkage='ward').fit(Xs).labels_
dbl = DBSCAN(eps=0.5, min_samples=10).fit(Xs).labels_
table['dbscan_eps05_min10'] = dbl

os.makedirs(out, exist_ok=True)
with gzip.GzipFile(os.path.join(out, 'online_retail_features.csv.gz'), 'wb', mtime=0) as f:
    f.write(table.to_csv(index_label='customer_id', float_format='%.17g').encode())
with open(os.path.join(out, 'kmeans_metrics.csv'), 'w') as f:
    f.write('k,inertia,silhouette,calinski_harabasz,davies_bouldin,n_iter\n')
    for r in rows:
        f.write('%d,%.17g,%.17g,%.17g,%.17g,%d\n' % r)
with open(os.path.join(out, 'scaler_and_dbscan.csv'), 'w') as f:
    f.write('name,value\n')
    for j, c in enumerate(cols):
        f.write('mean_%s,%.17g\nscale_%s,%.17g\n' % (c, scaler.mean_[j], c, scaler.scale_[j]))
    f.write('dbscan_clusters,%d\n' % (len(set(dbl)) - (1 if -1 in dbl else 0)))
    f.write('dbscan_noise,%d\n' % int((dbl == -1).sum()))
    f.write('sklearn_version,%s\n' % sklearn.__version__)
for r in rows:
    print('k=%d inertia=%.3f sil=%.6f ch=%.3f db=%.6f iter=%d' % r)
print('customers', len(rfm), 'dbscan', set(dbl).__len__() - 1, (dbl == -1).sum())
