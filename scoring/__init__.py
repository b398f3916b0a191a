"""The decision domain of openweigh: plain Python, no Django, no I/O.

questions  the question bank (v1) and answer validation
rules      the fit rules and knock-outs, as a table
model      fits, knock-outs with remedies, the weighted sum
tco        the cost model: inputs, defaults, closed form
"""
