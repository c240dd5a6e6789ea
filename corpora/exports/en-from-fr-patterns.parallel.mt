In the next few years-it is certain-we will have to invest more.
The minister was clear: "We will not back down."
